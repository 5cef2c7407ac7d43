import { dayOf } from '../common/local-format';
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

/** The French mail a site's managers get when a part falls to its threshold. */
export function lowStockMail(firstName: string, part: Pick<Part, 'name' | 'lowStockThreshold'>, quantity: number, inventoryUrl: string) {
  return {
    subject: `Stock bas : « ${part.name} » (${quantity} restant${quantity > 1 ? 's' : ''})`,
    text: [
      `Bonjour ${firstName},`,
      '',
      `Il reste ${quantity} « ${part.name} » en stock (seuil d'alerte : ${part.lowStockThreshold}).`,
      'Pensez à en commander, ou à en récupérer sur un appareil en fin de vie.',
      '',
      `Stock : ${inventoryUrl}`,
    ].join('\n'),
  };
}
