import { PlacesService } from '../places/places.service';
import type { DemoLab } from './demo-lab';

/**
 * The demo lab publishes its record in the national places standard, so /lieux shows it on the
 * map and /api/places.csv has one line. The address is the demo's own (Lyon); the SIRET is the
 * « unknown » value the national Coop sends (fourteen zeros), never a real company's.
 */
export async function seedPlace(lab: DemoLab): Promise<void> {
  await lab.app.get(PlacesService).save(lab.admin, lab.siteId, {
    published: true,
    pivot: '00000000000000',
    address: '1 rue des Capucins',
    postalCode: '69001',
    commune: 'Lyon',
    inseeCode: '69381',
    latitude: 45.7693,
    longitude: 4.8338,
    typologies: ['FABLAB', 'EPN', 'TIERS_LIEUX'],
    phone: '+33400000000',
    emails: ['contact@fablab-demo.example'],
    websites: ['https://fablab-demo.example'],
    summary: 'Fab lab de démonstration : impression 3D, découpe laser, fraiseuse, ateliers numériques et accompagnement aux démarches en ligne.',
    roaming: ['Fixe'],
    services: [
      'Loisirs et créations numériques',
      'Maîtrise des outils numériques du quotidien',
      'Aide aux démarches administratives',
      'Accès internet et matériel informatique',
    ],
    publics: ['Jeunes', 'Seniors'],
    fees: ['Gratuit sous condition'],
    accessModes: ['Se présenter', 'Téléphoner', 'Contacter par mail'],
    supportModes: ['En autonomie', 'Accompagnement individuel', 'Dans un atelier collectif'],
  });
}
