//! The Mercado Pago builder: the dynamic in-store order code of Mercado Pago Brazil.

use heapless::String;

use super::{Builder, Initiation};
use crate::error::Error;
use crate::schemes::mercadopago::{GUI, TEMPLATE_ID};

/// Builds the dynamic in-store order code of Mercado Pago Brazil: template 43 with 02 = `3`
/// and the order's UUID in 06, currency 986, country BR, category 0000, txid `***`.
///
/// ```
/// use emvqr::build::MercadoPagoBuilder;
///
/// let code = MercadoPagoBuilder::new("4a9e4780-d0a6-42e8-98d7-f6805209d83a", "Test Test", "SAO PAULO").build()?;
/// assert_eq!(code.as_str(), "00020101021243650016COM.MERCADOLIBRE0201306364a9e4780-d0a6-42e8-98d7-f6805209d83a\
///     5204000053039865802BR5909Test Test6009SAO PAULO62070503***63041A36");
/// # Ok::<(), emvqr::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct MercadoPagoBuilder<'a> {
    builder: Builder<'a>,
}

impl<'a> MercadoPagoBuilder<'a> {
    /// The code for the in-store order `order_id`.
    pub fn new(order_id: &'a str, name: &'a str, city: &'a str) -> MercadoPagoBuilder<'a> {
        let mut builder = Builder::new();
        builder
            .point_of_initiation(Initiation::Dynamic)
            .merchant_account(TEMPLATE_ID, GUI, &[(2, "3"), (6, order_id)])
            .brazilian_merchant(name, city);
        MercadoPagoBuilder { builder }
    }

    /// The general builder, for fields without a setter here.
    pub fn builder(&mut self) -> &mut Builder<'a> {
        &mut self.builder
    }

    /// Writes and checks the code.
    pub fn build(&self) -> Result<String<512>, Error> {
        self.builder.build()
    }
}
