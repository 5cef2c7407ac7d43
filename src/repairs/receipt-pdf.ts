import * as path from 'node:path';
import PDFDocument from 'pdfkit';
import { localDate, localDateTime } from '../common/local-format';
import type { Device } from './entities/device.entity';
import type { ErasureRecord } from './entities/erasure.entity';
import type { DeviceRelease } from './entities/release.entity';
import { priceWords, specLines, warrantyEndWords } from './catalogue';
import { DEVICE_CATEGORIES } from './ords';
import { GRADE_WORDS, NIST_LEVEL_WORDS } from './refurbish';

// Embedded like the invoices' (every French character, « », €), from the dejavu-fonts-ttf package.
const FONTS = path.dirname(require.resolve('dejavu-fonts-ttf/package.json'));
const REGULAR = path.join(FONTS, 'ttf', 'DejaVuSans.ttf');
const BOLD = path.join(FONTS, 'ttf', 'DejaVuSans-Bold.ttf');

export interface ReceiptData {
  siteName: string;
  zone: string;
  device: Device;
  release: DeviceRelease;
  erasures: ErasureRecord[];
  /** The words of the criterion the workshop checked, if any (never a document or a number). */
  criterionLabel: string | null;
}

/** « Reçu n° 1A2B3C4D »: the release id's first 8 characters, in capitals. */
export const receiptNo = (releaseId: string) => releaseId.slice(0, 8).toUpperCase();

/**
 * The receipt the person keeps when a refurbished device is handed over (French): the device and
 * its specs, grade, price in euros or « don », the workshop's warranty and its last day on the
 * site's clock, and the reference of the data erasure certificate. No name of the person.
 */
export function receiptPdf(r: ReceiptData): Promise<Buffer> {
  const { device: d, release, zone } = r;
  const title = 'Reçu de remise d’un appareil reconditionné';
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: title, Author: r.siteName, Creator: 'fablab-ops' } });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const line = (label: string, value: string) => doc.font('bold').text(`${label} : `, { continued: true }).font('regular').text(value);

  doc.font('bold').fontSize(16).text(title);
  doc
    .font('regular')
    .fontSize(10)
    .text(`Reçu n° ${receiptNo(release.id)} — ${r.siteName}`)
    .moveDown();
  doc.fontSize(11);
  line('Date de remise', localDateTime(release.releasedAt, zone, 'fr', 'medium'));
  line('Appareil', `${DEVICE_CATEGORIES[d.category].fr} ${d.brand} ${d.model}`.replace(/\s+/g, ' ').trim());
  if (d.serialNumber) line('N° de série', d.serialNumber);
  if (d.yearOfManufacture) line('Année', String(d.yearOfManufacture));
  doc.moveDown(0.5).font('bold').text('Caractéristiques');
  const specs = specLines(d, 'fr');
  if (specs.length) for (const [label, value] of specs) doc.font('regular').text(`• ${label} : ${value}`);
  else doc.font('regular').text('• —');
  doc.moveDown(0.5);
  if (d.grade) line('État', GRADE_WORDS[d.grade].fr);
  line('Prix', release.mode === 'donation' ? '« don » (gratuit)' : priceWords(release.priceCents, 'fr'));
  line(
    'Garantie de l’atelier',
    release.warrantyMonths > 0
      ? `${release.warrantyMonths} mois, jusqu’au ${warrantyEndWords(release.releasedAt, release.warrantyMonths, zone, 'fr')} inclus`
      : 'aucune',
  );
  if (r.criterionLabel) line('Critère d’éligibilité vérifié', r.criterionLabel);
  doc.moveDown(0.5);
  if (d.hasStorage) {
    // The reference on a line of its own: a UUID cut at one of its dashes is misread.
    doc.font('bold').text('Certificat d’effacement des données — référence :');
    doc.font('regular').text(d.id);
    for (const e of r.erasures) {
      doc
        .font('regular')
        .fontSize(10)
        .text(
          `• Disque n° ${e.driveSerial} : ${NIST_LEVEL_WORDS[e.nistLevel].fr} (NIST SP 800-88), ${localDate(e.endedAt, zone, 'fr')}, vérification ${e.verified ? 'réussie' : 'en échec'}`,
        );
    }
    doc.fontSize(11);
  } else {
    line('Effacement des données', 'sans objet (appareil sans stockage)');
  }
  doc.moveDown();
  doc
    .font('regular')
    .fontSize(9)
    .text(
      'Appareil reconditionné au sens du décret n° 2022-190 : toutes ses fonctions ont été testées, il a été réparé si besoin et ses données ont été effacées. Gardez ce reçu : il est demandé pour la garantie.',
    );
  doc.end();
  return done;
}
