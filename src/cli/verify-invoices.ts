import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from '../data-source';
import { Invoice } from '../invoices/entities/invoice.entity';
import { verifyChain } from '../invoices/invoice-chain';

/**
 * `npm run invoices:verify`: for every site, checks that invoices and credit notes are numbered
 * 1, 2, 3… each year with no gap nor duplicate, and that every document's hash is its own and
 * names the previous one's. Exits 1 on the first problem found, naming the documents.
 */
async function main() {
  const db = new DataSource(dataSourceOptions(AppConfig.fromEnv()));
  await db.initialize();
  await db.runMigrations(); // as the app and create-admin do: a fresh database has no tables yet
  try {
    const all = await db.getRepository(Invoice).find();
    const bySite = new Map<string, Invoice[]>();
    for (const i of all) bySite.set(i.siteId, [...(bySite.get(i.siteId) ?? []), i]);
    let bad = 0;
    for (const [siteId, docs] of bySite) {
      const r = verifyChain(docs);
      if (r.ok) console.log(`${siteId}: ${r.documents} pièces, numérotation continue, chaînage intact`);
      else {
        bad += 1;
        console.log(
          `${siteId}: ANOMALIE — manquantes ${r.gaps.join(' ') || '-'}; en double ${r.duplicates.join(' ') || '-'}; altérées ${r.broken.join(' ') || '-'}`,
        );
      }
    }
    if (!bySite.size) console.log('Aucune facture.');
    process.exitCode = bad ? 1 : 0;
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
