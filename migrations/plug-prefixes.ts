import { createHash } from 'node:crypto';
import { QueryRunner } from 'typeorm';

/**
 * Smart plugs once had a prefix typed by a manager, which could reach other devices' topics
 * (`fablab/#`, another plug's `cmnd/…`). Each existing plug moves to the prefix the server chooses
 * (src/plugs/plug-protocols.ts, plugPrefix: `fl-` and 12 hex of SHA-256 of `<siteId>/<machineId>`).
 * The installer re-enters it on the plug (Tasmota `Topic`, Shelly's MQTT prefix): GET
 * /api/machines/:id/plug shows it. The typed prefixes are not kept, so `down` leaves them moved.
 */
export async function movePlugsToServerPrefixes(queryRunner: QueryRunner): Promise<void> {
  const plugs: Array<{ id: string; siteId: string; machineId: string }> = await queryRunner.query(`SELECT "id", "siteId", "machineId" FROM "machine_plugs"`);
  for (const plug of plugs) {
    const topic = `fl-${createHash('sha256').update(`${plug.siteId}/${plug.machineId}`, 'utf8').digest('hex').slice(0, 12)}`;
    await queryRunner.manager.createQueryBuilder().update('machine_plugs').set({ topic }).where('id = :id', { id: plug.id }).execute();
  }
}
