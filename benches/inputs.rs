//! The payloads every benchmark uses, so that numbers from different benches compare.
#![allow(dead_code)]

/// 187 bytes: the Mercado Pago dynamic Pix code of the source guide, with its merchant-name
/// length mended (5920) and the CRC recomputed (8C65), so that it is valid.
pub const PIX_DYNAMIC_187: &str = "00020101021226940014BR.GOV.BCB.PIX2572pix-qr.mercadopago.com/instore/o/v2/fdf9ece0-6137-4e1e-a49d-94f55ec9eee25204000053039865802BR5920FELIPE AAAAAA AAAAA 6009SAO PAULO62070503***63048C65";

/// 122 bytes: the smallest realistic static Pix code with a UUID key and field 62. (The
/// performance-anchors note gives its CRC as 9956; the CRC of this content is 5F6E.)
pub const PIX_STATIC_122: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5903ANA6003RIO62070503***63045F6E";

/// 512 bytes, the EMVCo maximum: a dynamic Pix code with amount, postal code, 62 with two
/// sub-fields and unreserved templates 80–82 as filler. Valid.
pub const MAX_512: &str = "00020101021226810014br.gov.bcb.pix2559pix.example.com/qr/v2/cobv/9b95a87c10a84d65bcbf55a48a2e50c852045812530398654071234.565802BR5925RESTAURANTE SABOR DA TERR6015RIO DE JANEIRO 61082004002062350503***0824pagamento do pedido 447180990019com.example.loyalty0172xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx81990019com.example.loyalty0172xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx82660019com.example.loyalty0139xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx63046474";
