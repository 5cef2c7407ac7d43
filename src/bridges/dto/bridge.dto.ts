import { ArrayUnique, IsArray, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class RegisterBridgeDto {
  @IsOptional() @IsUUID() siteId?: string;
  @Matches(SLUG, { message: 'slug : minuscules, chiffres et tirets (ex. atelier-1) / lower-case slug' }) slug: string;
  @IsOptional() @IsString() @Length(0, 200) name?: string;
  /** Slugs of the machines this bridge serves. */
  @IsOptional() @IsArray() @ArrayUnique() @Matches(SLUG, { each: true }) machines?: string[];
}

export class AssignMachinesDto {
  @IsArray() @ArrayUnique() @Matches(SLUG, { each: true }) machines: string[];
}

export class CreateMonitorDto {
  @IsOptional() @IsUUID() siteId?: string;
  @Matches(SLUG, { message: 'slug : minuscules, chiffres et tirets (ex. ecran-accueil) / lower-case slug' }) slug: string;
  @IsOptional() @IsString() @Length(0, 200) name?: string;
}
