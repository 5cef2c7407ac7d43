import { said } from '../../common/validation';
import { ArrayUnique, IsArray, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class RegisterBridgeDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "atelier-1" */
  @Matches(SLUG, { message: said('slug : minuscules, chiffres et tirets (ex. atelier-1)', 'slug: lower-case letters, digits and dashes (e.g. atelier-1)') })
  slug: string;
  /** @example "Passerelle de l’atelier bois" */
  @IsOptional() @IsString() @Length(0, 200) name?: string;
  /**
   * Slugs of the machines this bridge serves.
   * @example ["laser-1", "imprimante-3d-2"]
   */
  @IsOptional() @IsArray() @ArrayUnique() @Matches(SLUG, { each: true }) machines?: string[];
}

export class AssignMachinesDto {
  /** @example ["laser-1", "cnc-1"] */
  @IsArray() @ArrayUnique() @Matches(SLUG, { each: true }) machines: string[];
}

export class CreateMonitorDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example "ecran-accueil" */
  @Matches(SLUG, {
    message: said('slug : minuscules, chiffres et tirets (ex. ecran-accueil)', 'slug: lower-case letters, digits and dashes (e.g. ecran-accueil)'),
  })
  slug: string;
  /** @example "Écran de l’accueil" */
  @IsOptional() @IsString() @Length(0, 200) name?: string;
}
