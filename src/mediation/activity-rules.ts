import type { RecordActivityDto } from './dto/mediation.dto';
import { ADMIN_HELP, isAdminTopic, PLACE_TYPE_LABELS, PLACES_WITH_COMMUNE } from './national';

/**
 * Words that announce a login or a password in free text. The log never keeps a person's
 * credentials: a procedure done on someone's behalf goes through Aidants Connect.
 */
const CREDENTIALS = /(mot\s*de\s*passe|mdp|password|passwd|identifiant|login|code\s*secret|code\s*pin)\s*[:=]/i;
const NO_CREDENTIALS =
  'Ne notez jamais les identifiants ni les mots de passe d’une personne. Pour agir à sa place, utilisez un mandat Aidants Connect (https://aidantsconnect.beta.gouv.fr).';

/** The rules between fields of the national activity report, each broken one said in French. */
export function activityRuleBreaks(dto: RecordActivityDto): string[] {
  const reasons: string[] = [];
  const adminHelp = dto.topics.includes(ADMIN_HELP);
  if (!adminHelp && dto.topics.some(isAdminTopic))
    reasons.push('Les domaines de démarche (papiers, logement, impôts…) ne se choisissent qu’avec « Aide aux démarches administratives ».');
  if (!adminHelp && dto.procedureName) reasons.push('Le nom de la démarche ne se donne qu’avec « Aide aux démarches administratives ».');
  if (!adminHelp && dto.mandateUsed) reasons.push('Un mandat Aidants Connect ne s’emploie que pour une aide aux démarches administratives.');
  if (PLACES_WITH_COMMUNE.includes(dto.placeType) && (!dto.placeCommune || !dto.placePostalCode))
    reasons.push(`Lieu « ${PLACE_TYPE_LABELS[dto.placeType]} » : indiquez la commune et son code postal.`);
  if (!PLACES_WITH_COMMUNE.includes(dto.placeType) && (dto.placeCommune || dto.placePostalCode || dto.placeInseeCode))
    reasons.push(`Lieu « ${PLACE_TYPE_LABELS[dto.placeType]} » : la commune ne se donne que pour « À domicile » ou « Autre lieu ».`);
  if (dto.placeType !== 'autre' && (dto.placeName || dto.placeAddress))
    reasons.push(
      `Lieu « ${PLACE_TYPE_LABELS[dto.placeType]} » : le nom et l’adresse du lieu ne se donnent que pour « Autre lieu » (jamais l’adresse d’un domicile).`,
    );
  if (dto.equipment?.includes('aucun') && dto.equipment.length > 1) reasons.push('Matériel : « Pas de matériel » ne va pas avec un autre matériel.');
  if ([dto.notes, dto.procedureName, dto.workshopTitle].some((t) => t && CREDENTIALS.test(t))) reasons.push(NO_CREDENTIALS);
  reasons.push(...(dto.type === 'individuel' ? individualBreaks(dto) : workshopBreaks(dto)));
  return reasons;
}

function individualBreaks(dto: RecordActivityDto): string[] {
  const reasons: string[] = [];
  if (dto.participantIds?.length || dto.anonymous)
    reasons.push('Un accompagnement individuel a une seule personne : les participants sont pour un atelier collectif.');
  if (dto.workshopTitle || dto.workshopLevel) reasons.push('Le nom et le niveau d’atelier sont pour un atelier collectif.');
  const anonymousGiven =
    [dto.gender, dto.birthYear, dto.socialStatus, dto.beneficiaryCommune, dto.beneficiaryPostalCode].some((v) => v !== undefined) ||
    dto.alreadyAccompanied === true;
  if (dto.personId && anonymousGiven)
    reasons.push('Personne suivie : son genre, son âge et sa commune viennent de sa fiche ; ne les donnez que pour une personne anonyme.');
  if (dto.redirectedTo && dto.redirected !== true) reasons.push('La structure de redirection ne se donne que si la personne est réorientée.');
  if (dto.redirected === true && !dto.redirectedTo) reasons.push('Personne réorientée : choisissez la structure de redirection.');
  return reasons;
}

function workshopBreaks(dto: RecordActivityDto): string[] {
  const reasons: string[] = [];
  if (dto.personId || dto.gender || dto.birthYear || dto.socialStatus || dto.beneficiaryCommune || dto.alreadyAccompanied === true)
    reasons.push('Atelier collectif : les participants se donnent par « participantIds » (suivis) et « anonymous » (compteurs).');
  if (dto.autonomy || dto.redirected !== undefined || dto.redirectedTo)
    reasons.push('L’autonomie et la réorientation sont pour un accompagnement individuel ; un atelier a un niveau.');
  const c = dto.anonymous;
  if (!dto.participantIds?.length && !c?.total) reasons.push('Atelier collectif : au moins un participant, suivi ou anonyme.');
  if (c) {
    const over = (what: string, counts?: object) => {
      const sum = Object.values(counts ?? {}).reduce((s: number, n) => s + (Number(n) || 0), 0);
      if (sum > c.total) reasons.push(`Participants anonymes : ${sum} comptés par ${what}, plus que le total (${c.total}).`);
    };
    over('genre', c.genders);
    over('tranche d’âge', c.ageBands);
    over('statut', c.statuses);
    if ((c.alreadyAccompanied ?? 0) > c.total)
      reasons.push(`Participants anonymes : ${c.alreadyAccompanied} déjà accompagnés, plus que le total (${c.total}).`);
  }
  return reasons;
}
