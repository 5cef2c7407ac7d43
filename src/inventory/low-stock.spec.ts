import { langOfLocale } from '../web/i18n';
import { lowStockMail } from './low-stock';

describe('the low-stock mail', () => {
  const part = { name: 'Batterie T440', lowStockThreshold: 2 };

  it('is in French for a French-speaking manager', () => {
    const mail = lowStockMail('Claire', part, 1, 'https://lab.example/inventory', langOfLocale('fr'));
    expect(mail.subject).toBe('Stock bas : « Batterie T440 » (1 restant)');
    expect(lowStockMail('Claire', part, 2, '/inventory', 'fr').subject).toBe('Stock bas : « Batterie T440 » (2 restants)');
    expect(mail.text).toContain("Il reste 1 « Batterie T440 » en stock (seuil d'alerte : 2).");
  });

  it('is in English for an English-speaking manager, French for an unknown locale', () => {
    const mail = lowStockMail('Sam', part, 1, 'https://lab.example/inventory', langOfLocale('en-GB'));
    expect(mail.subject).toBe('Low stock: "Batterie T440" (1 left)');
    expect(mail.text).toContain('Stock: https://lab.example/inventory');
    expect(langOfLocale('de')).toBe('fr');
    expect(langOfLocale(null)).toBe('fr');
  });
});
