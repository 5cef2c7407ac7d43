import { dayOf } from '../common/local-format';
import { defineDictionary, Lang } from '../web/i18n';
import type { Part } from './entities/part.entity';

export const INVENTORY_QUEUE = 'inventory';
export const LOW_STOCK_JOB = 'low-stock';

/**
 * One job id per part and day of the site's zone: the queue keeps a finished job two days and ignores a new
 * job with the same id, so the managers get one mail a day per part however many units go out, on
 * any number of app instances.
 */
export function lowStockJobId(partId: string, zone: string, now = new Date()): string {
  const day = dayOf(now, zone);
  return `low-stock-${partId}-${day}`;
}

const words = defineDictionary({
  'lowStockMail.subject.one': { fr: 'Stock bas : « {part} » ({n} restant)', en: 'Low stock: "{part}" ({n} left)' },
  'lowStockMail.subject.many': { fr: 'Stock bas : « {part} » ({n} restants)', en: 'Low stock: "{part}" ({n} left)' },
  'lowStockMail.text': {
    fr: "Bonjour {name},\n\nIl reste {n} « {part} » en stock (seuil d'alerte : {threshold}).\nPensez à en commander, ou à en récupérer sur un appareil en fin de vie.\n\nStock : {url}",
    en: 'Hello {name},\n\nOnly {n} "{part}" left in stock (alert threshold: {threshold}).\nTime to order some, or to harvest them from an end-of-life device.\n\nStock: {url}',
  },
});

/** The mail a site's manager gets when a part falls to its threshold, in the manager's language. */
export function lowStockMail(firstName: string, part: Pick<Part, 'name' | 'lowStockThreshold'>, quantity: number, inventoryUrl: string, lang: Lang = 'fr') {
  const vars = { name: firstName, part: part.name, n: quantity, threshold: part.lowStockThreshold, url: inventoryUrl };
  return {
    subject: words(quantity > 1 ? 'lowStockMail.subject.many' : 'lowStockMail.subject.one', lang, vars),
    text: words('lowStockMail.text', lang, vars),
  };
}
