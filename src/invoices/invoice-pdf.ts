import * as path from 'node:path';
import PDFDocument from 'pdfkit';
import { euros, localDate } from '../common/local-format';
import { ciiXml, EXEMPT_MENTION, FRANCHISE_MENTION, paymentTermsText } from './cii';
import type { Invoice } from './entities/invoice.entity';
import { vatBreakdown } from './invoice-lines';

// PDF/A forbids the 14 standard fonts: DejaVu (free licence, from the dejavu-fonts-ttf package) is embedded.
const FONTS = path.dirname(require.resolve('dejavu-fonts-ttf/package.json'));
const REGULAR = path.join(FONTS, 'ttf', 'DejaVuSans.ttf');
const BOLD = path.join(FONTS, 'ttf', 'DejaVuSans-Bold.ttf');

/** The fx extension schema PDF/A needs to accept the Factur-X properties in the XMP (Factur-X 1.0 spec, §A.2). */
function facturxXmp(): string {
  return `<rdf:Description xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#" rdf:about="">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>fx</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentFileName</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The name of the embedded XML document</pdfaProperty:description></rdf:li>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentType</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The type of the hybrid document in capital letters, e.g. INVOICE or ORDER</pdfaProperty:description></rdf:li>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>Version</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The actual version of the standard applying to the embedded XML document</pdfaProperty:description></rdf:li>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>ConformanceLevel</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The conformance level of the embedded XML document</pdfaProperty:description></rdf:li>
</rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#" rdf:about="">
<fx:DocumentType>INVOICE</fx:DocumentType><fx:DocumentFileName>factur-x.xml</fx:DocumentFileName><fx:Version>1.0</fx:Version><fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
</rdf:Description>`;
}

const VAT_WORDS = {
  franchise: FRANCHISE_MENTION,
  exempt: EXEMPT_MENTION,
  subject: '',
};

/**
 * The invoice or credit note as PDF/A-3b with the mandatory mentions (CGI ann. II art. 242 nonies
 * A, C. com. L441-9): seller and buyer with SIREN and VAT numbers, number and date, each line
 * (quantity, designation, unit price excl. VAT, rate), totals excl. VAT and VAT per rate, the VAT
 * exemption clause, due date and late penalties, and for a business client the €40 recovery
 * indemnity. A business document also carries its Factur-X XML (EN 16931) as factur-x.xml.
 */
export function invoicePdf(inv: Invoice, zone: string): Promise<Buffer> {
  const credit = inv.kind === 'credit_note';
  const title = `${credit ? 'Avoir' : 'Facture'} n° ${inv.number}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    subset: 'PDF/A-3b',
    pdfVersion: '1.7',
    tagged: false,
    info: { Title: title, Author: inv.seller.name, Subject: title, Creator: 'fablab-ops', CreationDate: inv.issuedAt, ModDate: inv.issuedAt },
  } as PDFKit.PDFDocumentOptions);
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('bold').fontSize(18).text(title);
  doc
    .font('regular')
    .fontSize(10)
    .text(`Date : ${localDate(inv.issuedAt, zone, 'fr')}`);
  if (inv.correctsNumber) doc.text(`Avoir sur la facture n° ${inv.correctsNumber}`);
  doc.moveDown();
  const partyText = (p: Invoice['seller']) =>
    [p.name, p.address, p.siren ? `SIREN/SIRET : ${p.siren}` : '', p.vatNumber ? `N° TVA intracommunautaire : ${p.vatNumber}` : ''].filter(Boolean).join('\n');
  const top = doc.y;
  doc.font('bold').text('Émetteur', 50, top).font('regular').text(partyText(inv.seller), 50, doc.y, { width: 230 });
  const leftEnd = doc.y;
  doc.font('bold').text('Client', 315, top).font('regular').text(partyText(inv.buyer), 315, doc.y, { width: 230 });
  doc.y = Math.max(leftEnd, doc.y) + 15;

  const cols = [50, 290, 330, 400, 450, 545];
  const row = (cells: string[], font = 'regular') => {
    const y = doc.y;
    doc.font(font).fontSize(9);
    doc.text(cells[0], cols[0], y, { width: cols[1] - cols[0] - 5 });
    const after = doc.y;
    for (let i = 1; i < 5; i++) doc.text(cells[i], cols[i], y, { width: cols[i + 1] - cols[i] - 5, align: 'right' });
    doc.y = Math.max(after, doc.y) + 3;
  };
  row(['Désignation', 'Qté', 'PU HT', 'TVA', 'Total HT'], 'bold');
  for (const l of inv.lines) row([l.label, String(l.quantity), euros(l.unitNetCents, 'fr'), `${l.vatRatePercent} %`, euros(l.netCents, 'fr')]);
  doc.moveDown();
  doc.x = 50;
  doc
    .font('regular')
    .fontSize(10)
    .text(`Total HT : ${euros(inv.netCents, 'fr')}`, { align: 'right' });
  for (const t of vatBreakdown(inv.lines)) {
    if (inv.vatRegime === 'subject') doc.text(`TVA ${t.rate} % sur ${euros(t.netCents, 'fr')} : ${euros(t.vatCents, 'fr')}`, { align: 'right' });
  }
  doc.font('bold').text(`Total TTC : ${euros(inv.grossCents, 'fr')}`, { align: 'right' });
  doc.font('regular').moveDown();
  if (VAT_WORDS[inv.vatRegime]) doc.text(VAT_WORDS[inv.vatRegime]);
  if (inv.dueDay) doc.text(`Échéance : ${localDate(new Date(`${inv.dueDay}T12:00:00Z`), 'UTC', 'fr')}`);
  else if (!credit && inv.paymentId) doc.text('Facture acquittée.');
  doc.text(paymentTermsText(inv.business));
  doc.moveDown().fontSize(7).fillColor('#555').text(`Empreinte : ${inv.hash}`);

  if (inv.business) {
    doc.file(Buffer.from(ciiXml(inv), 'utf8'), {
      name: 'factur-x.xml',
      type: 'text/xml',
      relationship: 'Alternative',
      description: 'Factur-X EN 16931',
      creationDate: inv.issuedAt,
      modifiedDate: inv.issuedAt,
    } as PDFKit.Mixins.PDFAttachmentOptions);
    doc.appendXML(facturxXmp());
  }
  doc.end();
  return done;
}
