//! Reed–Solomon error correction over GF(2⁸) with the QR polynomial x⁸+x⁴+x³+x²+1 (0x11D).
//!
//! The remainder of each block is computed with a linear feedback shift register. Instead of
//! multiplying the feedback byte by every generator coefficient, it looks up the product row
//! `feedback × generator` from two tables of 16 rows (low and high nibble of the feedback,
//! by linearity), built once per generator: a block byte then costs two row XORs and a shift
//! of a register of one to four `u64` words, as many as the degree needs.

/// exp\[i\] = αⁱ, doubled so that a sum of two logarithms needs no reduction.
const EXP: [u8; 512] = {
    let mut table = [0u8; 512];
    let mut x: u16 = 1;
    let mut i = 0;
    while i < 255 {
        table[i] = x as u8;
        table[i + 255] = x as u8;
        x <<= 1;
        if x & 0x100 != 0 {
            x ^= 0x11D;
        }
        i += 1;
    }
    table
};

/// log\[x\] for x ≠ 0.
const LOG: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 255 {
        table[EXP[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// The product of two field elements.
pub(crate) const fn multiply(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 {
        0
    } else {
        EXP[LOG[a as usize] as usize + LOG[b as usize] as usize]
    }
}

/// The longest generator the QR standard uses (30 error correction codewords per block).
pub(crate) const MAX_DEGREE: usize = 30;

/// `GENERATORS[d]`: the coefficients of the generator of degree d, the product of (x − αⁱ)
/// for i in 0..d, highest power first with the leading 1 left out, packed like a
/// [`Register`]. Computed at compile time.
#[allow(clippy::indexing_slicing)] // compile time
static GENERATORS: [Register; MAX_DEGREE + 1] = {
    let mut packed = [[0u64; 4]; MAX_DEGREE + 1];
    let mut degree = 1;
    while degree <= MAX_DEGREE {
        let mut j = 0;
        while j < degree {
            packed[degree][j / 8] |= (COEFFICIENTS[degree][j] as u64) << (56 - 8 * (j % 8));
            j += 1;
        }
        degree += 1;
    }
    packed
};

/// The generators' coefficients, one byte each (see [`GENERATORS`]).
#[allow(clippy::indexing_slicing)] // compile time
const COEFFICIENTS: [[u8; MAX_DEGREE]; MAX_DEGREE + 1] = {
    let mut table = [[0u8; MAX_DEGREE]; MAX_DEGREE + 1];
    let mut degree = 1;
    while degree <= MAX_DEGREE {
        let coefficients = &mut table[degree];
        coefficients[degree - 1] = 1;
        let mut root = 1u8;
        let mut step = 0;
        while step < degree {
            let mut j = 0;
            while j < degree {
                coefficients[j] = multiply(coefficients[j], root);
                if j + 1 < degree {
                    coefficients[j] ^= coefficients[j + 1];
                }
                j += 1;
            }
            root = multiply(root, 0x02);
            step += 1;
        }
        degree += 1;
    }
    table
};

/// A 32-byte register as four big-endian words: byte 0 is the most significant byte of
/// word 0.
type Register = [u64; 4];

/// Multiplies each of the eight bytes packed in `word` by x (α) in GF(2⁸).
const fn double(word: u64) -> u64 {
    let high = word & 0x8080_8080_8080_8080;
    ((word & 0x7F7F_7F7F_7F7F_7F7F) << 1) ^ ((high >> 7) * 0x1D)
}

fn double_register(register: Register) -> Register {
    register.map(double)
}

fn xor(a: Register, b: Register) -> Register {
    [a[0] ^ b[0], a[1] ^ b[1], a[2] ^ b[2], a[3] ^ b[3]]
}

/// Product tables of a generator: `[n]` = n × g and `[16 + n]` = (n << 4) × g for the
/// coefficients g of the generator, packed like [`Register`]. 1 KiB.
pub(crate) type Tables = [Register; 32];

/// The generator polynomial of one degree, with its product tables.
pub(crate) struct Generator<'t> {
    degree: usize,
    tables: &'t Tables,
}

/// The error correction codewords of every block of `data` into `out`. The product tables go
/// in `scratch` when it has room (128 words: the transposed matrix, unused until placement,
/// from version 12 up), else on the stack.
pub(crate) fn error_correction(
    data: &[u8],
    blocks: &super::version::Blocks,
    out: &mut [u8],
    scratch: &mut [u64],
) {
    let (chunks, _) = scratch.as_chunks_mut::<4>();
    match chunks
        .get_mut(..32)
        .and_then(|c| <&mut Tables>::try_from(c).ok())
    {
        Some(tables) => Generator::build(blocks.ecc, tables).remainders(data, blocks, out),
        None => error_correction_on_stack(data, blocks, out),
    }
}

// Not inlined: small symbols pay for the stack tables, large ones do not.
#[inline(never)]
fn error_correction_on_stack(data: &[u8], blocks: &super::version::Blocks, out: &mut [u8]) {
    let mut tables = [[0u64; 4]; 32];
    Generator::build(blocks.ecc, &mut tables).remainders(data, blocks, out);
}

impl<'t> Generator<'t> {
    /// The generator of `degree` (1 to 30), its tables built in `tables`. They follow from
    /// linearity: 2ᵏ × g by repeated doubling, and n × g as the XOR of the powers of two in n.
    pub(crate) fn build(degree: usize, tables: &'t mut Tables) -> Generator<'t> {
        let degree = degree.clamp(1, MAX_DEGREE);
        let mut powers = [GENERATORS[degree]; 8];
        for k in 1..8 {
            powers[k] = double_register(powers[k - 1]);
        }
        tables[0] = [0; 4];
        tables[16] = [0; 4];
        for n in 1..16usize {
            // n = its lowest set bit + the rest, both already built.
            let bit = n.trailing_zeros() as usize;
            let rest = n & (n - 1);
            tables[n] = xor(powers[bit], tables[rest]);
            tables[16 + n] = xor(powers[bit + 4], tables[16 + rest]);
        }
        Generator { degree, tables }
    }

    /// One step of a register of `N` words (the first `N` of a [`Register`]: enough for the
    /// degree): shifts in `byte` and subtracts the feedback's multiple of the generator.
    #[inline(always)]
    fn step<const N: usize>(&self, register: &mut [u64; N], byte: u8) {
        let feedback = byte ^ (register[0] >> 56) as u8;
        let low = &self.tables[usize::from(feedback & 0xF)];
        let high = &self.tables[16 + usize::from(feedback >> 4)];
        let next = core::array::from_fn(|i| {
            let carry = register.get(i + 1).map_or(0, |word| word >> 56);
            (register[i] << 8 | carry) ^ low[i] ^ high[i]
        });
        *register = next;
    }

    fn write<const N: usize>(&self, register: &[u64; N], out: &mut [u8]) {
        let out = out.get_mut(..self.degree).unwrap_or_default();
        let (words, tail) = out.as_chunks_mut::<8>();
        for (chunk, word) in words.iter_mut().zip(register) {
            *chunk = word.to_be_bytes();
        }
        let last = register
            .get(words.len())
            .copied()
            .unwrap_or(0)
            .to_be_bytes();
        for (slot, byte) in tail.iter_mut().zip(last) {
            *slot = byte;
        }
    }

    /// Writes the error correction codewords of `data` into `out` (`degree` bytes).
    #[cfg(test)]
    pub(crate) fn remainder(&self, data: &[u8], out: &mut [u8]) {
        let mut register: Register = [0; 4];
        for &byte in data {
            self.step(&mut register, byte);
        }
        self.write(&register, out);
    }

    /// The error correction codewords of every block: `data` holds the blocks one after the
    /// other, `out` receives `degree` bytes per block. Blocks run in lockstep, up to four at a
    /// time: each byte's feedback waits on a table load, and independent registers hide that
    /// latency.
    pub(crate) fn remainders(&self, data: &[u8], blocks: &super::version::Blocks, out: &mut [u8]) {
        // Registers as wide as the degree needs: 7 to 30 bytes.
        match self.degree.div_ceil(8) {
            1 => self.remainders_in::<1>(data, blocks, out),
            2 => self.remainders_in::<2>(data, blocks, out),
            3 => self.remainders_in::<3>(data, blocks, out),
            _ => self.remainders_in::<4>(data, blocks, out),
        }
    }

    /// [`Generator::remainders`] with registers of `N` words.
    fn remainders_in<const N: usize>(
        &self,
        data: &[u8],
        blocks: &super::version::Blocks,
        out: &mut [u8],
    ) {
        let mut b = 0;
        while b < blocks.count {
            // Twelve words of registers at most (the CPU's registers hold no more), and no
            // block left to run alone, waiting on every table load.
            b += match (blocks.count - b, N) {
                (1, _) => self.lockstep::<1, N>(data, blocks, b, out),
                (4, ..=3) | (6.., ..=3) => self.lockstep::<4, N>(data, blocks, b, out),
                (2 | 4, _) => self.lockstep::<2, N>(data, blocks, b, out),
                _ => self.lockstep::<3, N>(data, blocks, b, out),
            };
        }
    }

    /// Blocks `first..first + G` in lockstep.
    fn lockstep<const G: usize, const N: usize>(
        &self,
        data: &[u8],
        blocks: &super::version::Blocks,
        first: usize,
        out: &mut [u8],
    ) -> usize {
        let mut registers = [[0u64; N]; G];
        let inputs: [&[u8]; G] = core::array::from_fn(|k| {
            let block = first + k;
            let start = blocks.data_start(block);
            data.get(start..start + blocks.data_len(block))
                .unwrap_or_default()
        });
        // Short blocks come first, so the first input is the shortest.
        let common = inputs.iter().map(|input| input.len()).min().unwrap_or(0);
        // By position, so that the blocks advance in lockstep.
        #[allow(clippy::needless_range_loop)]
        for i in 0..common {
            for k in 0..G {
                self.step(&mut registers[k], inputs[k][i]);
            }
        }
        for k in 0..G {
            for &byte in inputs[k].get(common..).unwrap_or_default() {
                self.step(&mut registers[k], byte);
            }
            self.write(
                &registers[k],
                out.get_mut((first + k) * self.degree..).unwrap_or_default(),
            );
        }
        G
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook LFSR, one multiplication per coefficient.
    fn remainder_slowly(data: &[u8], degree: usize) -> std::vec::Vec<u8> {
        let mut generator = std::vec![0u8; degree];
        generator[degree - 1] = 1;
        let mut root = 1u8;
        for _ in 0..degree {
            for j in 0..degree {
                generator[j] = multiply(generator[j], root);
                if j + 1 < degree {
                    generator[j] ^= generator[j + 1];
                }
            }
            root = multiply(root, 2);
        }
        let mut result = std::vec![0u8; degree];
        for &b in data {
            let factor = b ^ result[0];
            result.remove(0);
            result.push(0);
            for (r, &g) in result.iter_mut().zip(&generator) {
                *r ^= multiply(g, factor);
            }
        }
        result
    }

    #[test]
    fn table_driven_remainder_equals_the_textbook_one() {
        let data: std::vec::Vec<u8> = (0..200u32).map(|i| (i * 37 + 11) as u8).collect();
        for degree in [7, 10, 13, 15, 16, 17, 18, 20, 22, 24, 26, 28, 30] {
            let mut tables = [[0u64; 4]; 32];
            let generator = Generator::build(degree, &mut tables);
            let mut out = [0u8; MAX_DEGREE];
            generator.remainder(&data, &mut out);
            assert_eq!(
                &out[..degree],
                remainder_slowly(&data, degree).as_slice(),
                "degree {degree}"
            );
        }
    }

    #[test]
    fn known_code_words() {
        // ISO/IEC 18004 annex I: "01234567" at 1-M gives these 10 error correction codewords.
        let data = [
            0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11,
            0xEC, 0x11,
        ];
        let mut out = [0u8; 10];
        let mut tables = [[0u64; 4]; 32];
        Generator::build(10, &mut tables).remainder(&data, &mut out);
        assert_eq!(
            out,
            [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55]
        );
    }
}
