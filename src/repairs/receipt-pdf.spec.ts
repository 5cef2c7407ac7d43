import { pdfWords as pdfText } from '../../test/factories/pdf-text';
import type { Device } from './entities/device.entity';
import type { ErasureRecord } from './entities/erasure.entity';
import type { DeviceRelease } from './entities/release.entity';
import { receiptPdf } from './receipt-pdf';

const device = {
  id: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  category: 'laptop',
  brand: 'Lenovo',
  model: 'ThinkPad T480',
  serialNumber: 'PF1ABCDE',
  yearOfManufacture: 2018,
  hasStorage: true,
  grade: 'B',
  cpu: 'Intel Core i5-8250U',
  ramGb: 8,
  storageGb: 256,
  storageKind: 'ssd',
  screenInches: 14,
  osInstalled: 'Linux Mint',
} as Device;
const erasure = { driveSerial: 'S3Z123', nistLevel: 'purge', endedAt: new Date('2026-11-30T09:40:00Z'), verified: true } as ErasureRecord;
const release = (over: Partial<DeviceRelease>) =>
  ({
    id: 'a1b2c3d4-0000-4000-8000-000000000000',
    mode: 'sale',
    priceCents: 4500,
    warrantyMonths: 6,
    releasedAt: new Date('2026-12-31T23:30:00Z'),
    ...over,
  }) as DeviceRelease;

describe('the receipt of a refurbished device', () => {
  it('says the device, specs, grade, price in euros, warranty end on the local calendar and the erasure reference', async () => {
    const text = pdfText(
      await receiptPdf({
        siteName: 'Atelier de Brest',
        zone: 'Europe/Paris',
        device,
        release: release({}),
        erasures: [erasure],
        criterionLabel: "Demandeur d'emploi",
      }),
    );
    expect(text).toContain('Reçu de remise d’un appareil reconditionné');
    expect(text).toContain('Reçu n° A1B2C3D4 — Atelier de Brest');
    expect(text).toContain('Ordinateur portable Lenovo ThinkPad T480');
    expect(text).toContain('Mémoire vive : 8 Go');
    expect(text).toContain('Stockage : 256 Go SSD');
    expect(text).toContain('B — traces d’usage légères');
    expect(text).toContain('Prix : 45,00 €');
    // Released at 00:30 on 1 January in Paris (23:30 UTC the day before): 6 months to 1 July.
    expect(text).toContain('Date de remise : 1 janv. 2027, 00:30');
    expect(text).toContain('6 mois, jusqu’au 1 juillet 2027 inclus');
    expect(text).toContain(`Certificat d’effacement des données — référence : ${device.id}`);
    expect(text).toContain("Demandeur d'emploi");
  });

  it('writes a donation as « don »', async () => {
    const text = pdfText(
      await receiptPdf({
        siteName: 'Atelier',
        zone: 'Europe/Paris',
        device,
        release: release({ mode: 'donation', priceCents: 0 }),
        erasures: [erasure],
        criterionLabel: null,
      }),
    );
    expect(text).toContain('« don » (gratuit)');
    expect(text).not.toContain('€');
  });
});
