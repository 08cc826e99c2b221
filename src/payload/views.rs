//! Typed views of a payload's templates: merchant accounts, additional data (62) and the
//! alternate-language template (64).

use crate::tlv::Field;

/// A template field: 26–51, 62, 64, 80–99, or a template nested in 62.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Template<'a> {
    field: Field<'a>,
}

impl<'a> Template<'a> {
    /// Reads `field` as a template.
    pub const fn new(field: Field<'a>) -> Template<'a> {
        Template { field }
    }

    /// The template's ID.
    pub fn id(&self) -> u8 {
        self.field.id()
    }

    /// The template as a field.
    pub const fn field(&self) -> Field<'a> {
        self.field
    }

    /// The value of the first sub-field with `id`.
    pub fn get(&self, id: u8) -> Option<&'a str> {
        self.field.subfield(id).map(|field| field.value())
    }

    /// The globally unique identifier, sub-field 00.
    pub fn gui(&self) -> Option<&'a str> {
        self.get(0)
    }

    /// The sub-fields in order. It ends early at a malformed part (which lenient parsing may
    /// have tolerated).
    pub fn fields(&self) -> impl Iterator<Item = Field<'a>> + 'a {
        self.field.subfields().map_while(Result::ok)
    }
}

/// A merchant account, fields 02–51: a card-scheme primitive (02–25) or a template (26–51).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct MerchantAccount<'a> {
    field: Field<'a>,
}

impl<'a> MerchantAccount<'a> {
    pub(crate) const fn new(field: Field<'a>) -> MerchantAccount<'a> {
        MerchantAccount { field }
    }

    /// The field ID, 02–51.
    pub fn id(&self) -> u8 {
        self.field.id()
    }

    /// The account as a field.
    pub const fn field(&self) -> Field<'a> {
        self.field
    }

    /// Whether this is a template (26–51) rather than a card-scheme primitive (02–25).
    pub fn is_template(&self) -> bool {
        self.id() >= 26
    }

    /// The template, for 26–51.
    pub fn template(&self) -> Option<Template<'a>> {
        self.is_template().then_some(Template { field: self.field })
    }

    /// The globally unique identifier (sub-field 00) of a template; `None` for 02–25.
    pub fn gui(&self) -> Option<&'a str> {
        self.template()?.gui()
    }

    /// A sub-field of a template; `None` for 02–25.
    pub fn get(&self, id: u8) -> Option<&'a str> {
        self.template()?.get(id)
    }

    /// The raw value (for 02–25, the card scheme's merchant identifier).
    pub fn value(&self) -> &'a str {
        self.field.value()
    }
}

/// Field 62, the additional data template, with an accessor per EMVCo sub-field. `"***"` in
/// 01–08 asks the payer's app to prompt for the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct AdditionalData<'a>(Template<'a>);

impl<'a> AdditionalData<'a> {
    pub(crate) const fn new(field: Field<'a>) -> AdditionalData<'a> {
        AdditionalData(Template { field })
    }

    /// The template itself, for sub-fields without an accessor.
    pub const fn template(&self) -> Template<'a> {
        self.0
    }

    /// The value of sub-field `id`.
    pub fn get(&self, id: u8) -> Option<&'a str> {
        self.0.get(id)
    }

    /// 62.01, bill number.
    pub fn bill_number(&self) -> Option<&'a str> {
        self.get(1)
    }

    /// 62.02, mobile number.
    pub fn mobile_number(&self) -> Option<&'a str> {
        self.get(2)
    }

    /// 62.03, store label.
    pub fn store_label(&self) -> Option<&'a str> {
        self.get(3)
    }

    /// 62.04, loyalty number.
    pub fn loyalty_number(&self) -> Option<&'a str> {
        self.get(4)
    }

    /// 62.05, reference label (Pix's txid).
    pub fn reference_label(&self) -> Option<&'a str> {
        self.get(5)
    }

    /// 62.06, customer label.
    pub fn customer_label(&self) -> Option<&'a str> {
        self.get(6)
    }

    /// 62.07, terminal label.
    pub fn terminal_label(&self) -> Option<&'a str> {
        self.get(7)
    }

    /// 62.08, purpose of transaction.
    pub fn purpose_of_transaction(&self) -> Option<&'a str> {
        self.get(8)
    }

    /// 62.09, additional consumer data request (`A`, `M`, `E`).
    pub fn additional_consumer_data_request(&self) -> Option<&'a str> {
        self.get(9)
    }

    /// The payment system specific templates, 62.50–99.
    pub fn payment_system_templates(&self) -> impl Iterator<Item = Template<'a>> + 'a {
        self.0
            .fields()
            .filter(|field| field.id() >= 50)
            .map(|field| Template { field })
    }
}

/// Field 64, merchant information in an alternate language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct LanguageTemplate<'a>(Template<'a>);

impl<'a> LanguageTemplate<'a> {
    pub(crate) const fn new(field: Field<'a>) -> LanguageTemplate<'a> {
        LanguageTemplate(Template { field })
    }

    /// The template itself.
    pub const fn template(&self) -> Template<'a> {
        self.0
    }

    /// 64.00, the language (ISO 639 alpha-2, e.g. `"ZH"`).
    pub fn language_preference(&self) -> Option<&'a str> {
        self.0.get(0)
    }

    /// 64.01, the merchant name in that language.
    pub fn merchant_name(&self) -> Option<&'a str> {
        self.0.get(1)
    }

    /// 64.02, the merchant city in that language.
    pub fn merchant_city(&self) -> Option<&'a str> {
        self.0.get(2)
    }
}
