import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { said } from '../../common/said';
import { IMPORT_KINDS, type ImportKind } from '../import-rows';

/** The fields of an import's multipart form, beside its `file` (CSV). */
export class ImportFormDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
}

/** What a file holds: `people` (people, their badges and trainings passed) or `machines`. */
export class ImportKindParam {
  /** @example "people" */
  @IsIn(IMPORT_KINDS as unknown as string[], {
    message: said('type d’import : people (personnes, badges, formations) ou machines', 'import kind: people or machines'),
  })
  kind: ImportKind;
}
