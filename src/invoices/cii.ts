import type { Invoice, InvoiceParty } from './entities/invoice.entity';
import { vatBreakdown } from './invoice-lines';

/** BT-24 of the EN 16931 profile of Factur-X (what the XML says it follows). */
export const EN16931_GUIDELINE = 'urn:cen.eu:en16931:2017';
export const FRANCHISE_MENTION = 'TVA non applicable, art. 293 B du CGI';
export const EXEMPT_MENTION = 'Exonération de TVA, art. 261-7-1° b du CGI (activité non lucrative)';

type Doc = Pick<
  Invoice,
  | 'kind'
  | 'number'
  | 'issueDay'
  | 'dueDay'
  | 'correctsNumber'
  | 'seller'
  | 'buyer'
  | 'vatRegime'
  | 'lines'
  | 'netCents'
  | 'vatCents'
  | 'grossCents'
  | 'business'
>;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const amount = (cents: number) => (cents / 100).toFixed(2);
const day102 = (day: string) => day.replace(/-/g, '');

/** The VAT category of a rate under the site's regime (UNTDID 5305), with its exemption reason (VATEX). */
function category(regime: Doc['vatRegime'], rate: number): { code: string; reason?: string; reasonCode?: string } {
  if (regime === 'franchise') return { code: 'E', reason: FRANCHISE_MENTION, reasonCode: 'VATEX-FR-FRANCHISE' };
  if (regime === 'exempt') return { code: 'E', reason: EXEMPT_MENTION, reasonCode: 'VATEX-EU-132' };
  return { code: rate > 0 ? 'S' : 'Z' };
}

function party(tag: string, p: InvoiceParty): string {
  const legal = p.siren ? `<ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">${esc(p.siren.slice(0, 9))}</ram:ID></ram:SpecifiedLegalOrganization>` : '';
  const address = `<ram:PostalTradeAddress>${p.address ? `<ram:LineOne>${esc(p.address.replace(/\s*\n\s*/g, ', '))}</ram:LineOne>` : ''}<ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>`;
  const vat = p.vatNumber ? `<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${esc(p.vatNumber)}</ram:ID></ram:SpecifiedTaxRegistration>` : '';
  return `<ram:${tag}><ram:Name>${esc(p.name)}</ram:Name>${legal}${address}${vat}</ram:${tag}>`;
}

function tax(regime: Doc['vatRegime'], rate: number, basis?: number, calculated?: number): string {
  const c = category(regime, rate);
  return `<ram:ApplicableTradeTax>${calculated === undefined ? '' : `<ram:CalculatedAmount>${amount(calculated)}</ram:CalculatedAmount>`}<ram:TypeCode>VAT</ram:TypeCode>${
    c.reason && basis !== undefined ? `<ram:ExemptionReason>${esc(c.reason)}</ram:ExemptionReason>` : ''
  }${basis === undefined ? '' : `<ram:BasisAmount>${amount(basis)}</ram:BasisAmount>`}<ram:CategoryCode>${c.code}</ram:CategoryCode>${
    c.reasonCode && basis !== undefined ? `<ram:ExemptionReasonCode>${c.reasonCode}</ram:ExemptionReasonCode>` : ''
  }<ram:RateApplicablePercent>${c.code === 'S' ? rate : 0}</ram:RateApplicablePercent></ram:ApplicableTradeTax>`;
}

/**
 * The invoice as Cross Industry Invoice XML (UN/CEFACT D16B) of the Factur-X EN 16931 profile:
 * TypeCode 380 for an invoice, 381 for a credit note (amounts positive, the original named in
 * InvoiceReferencedDocument). Written by hand: the structure is small and fixed, and the tests
 * validate it against the official Factur-X 1.07.3 XSD (standards/factur-x-1.07.3).
 */
export function ciiXml(doc: Doc): string {
  const lines = doc.lines
    .map(
      (l, i) =>
        `<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>${i + 1}</ram:LineID></ram:AssociatedDocumentLineDocument>` +
        `<ram:SpecifiedTradeProduct><ram:Name>${esc(l.label)}</ram:Name></ram:SpecifiedTradeProduct>` +
        `<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>${amount(l.netCents / l.quantity)}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>` +
        `<ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">${l.quantity}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>` +
        `<ram:SpecifiedLineTradeSettlement>${tax(doc.vatRegime, l.vatRatePercent)}<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${amount(l.netCents)}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>` +
        `</ram:IncludedSupplyChainTradeLineItem>`,
    )
    .join('');
  const taxes = vatBreakdown(doc.lines)
    .map((t) => tax(doc.vatRegime, t.rate, t.netCents, t.vatCents))
    .join('');
  const terms = doc.dueDay
    ? `<ram:SpecifiedTradePaymentTerms><ram:Description>${esc(paymentTermsText(doc.business))}</ram:Description><ram:DueDateDateTime><udt:DateTimeString format="102">${day102(doc.dueDay)}</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>`
    : '';
  const corrects = doc.correctsNumber
    ? `<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>${esc(doc.correctsNumber)}</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>${EN16931_GUIDELINE}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
<rsm:ExchangedDocument><ram:ID>${esc(doc.number)}</ram:ID><ram:TypeCode>${doc.kind === 'credit_note' ? 381 : 380}</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">${day102(doc.issueDay)}</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
<rsm:SupplyChainTradeTransaction>${lines}<ram:ApplicableHeaderTradeAgreement>${party('SellerTradeParty', doc.seller)}${party('BuyerTradeParty', doc.buyer)}</ram:ApplicableHeaderTradeAgreement><ram:ApplicableHeaderTradeDelivery/><ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>${taxes}${terms}<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>${amount(doc.netCents)}</ram:LineTotalAmount><ram:TaxBasisTotalAmount>${amount(doc.netCents)}</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="EUR">${amount(doc.vatCents)}</ram:TaxTotalAmount><ram:GrandTotalAmount>${amount(doc.grossCents)}</ram:GrandTotalAmount><ram:DuePayableAmount>${amount(doc.grossCents)}</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>${corrects}</ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
`;
}

/** Payment terms printed on the PDF and written in the XML; the €40 indemnity for business clients (C. com. L441-9, D441-5). */
export function paymentTermsText(business: boolean): string {
  const base = 'Pénalités de retard : trois fois le taux d’intérêt légal. Pas d’escompte pour paiement anticipé.';
  return business ? `${base} Indemnité forfaitaire pour frais de recouvrement : 40 €.` : base;
}
