import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { said } from '../../common/validation';
import { MACHINE_TYPES } from '../../machines/entities/machine.entity';

/** The fields of a job's multipart form, beside its `file` (G-code). */
export class UploadJobDto {
  /** @example "7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f" */
  @IsOptional() @IsUUID() machineId?: string;
  /** @example "printer" */
  @IsOptional() @IsIn(MACHINE_TYPES as unknown as string[]) machineType?: string;
  /** @example "PLA" */
  @IsOptional() @IsString() @MaxLength(60) material?: string;
  /** @example 2 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) quantity?: number;
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
}

/** Putting a failed or interrupted job back at the head of its machine's queue. */
export class RequeueJobDto {
  /**
   * A print only: start again from this line of the file instead of the top (the line the bridge
   * said it stopped at, or one a person chose).
   * @example 1234
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'La ligne est un nombre entier.' })
  @Min(1, { message: 'La ligne commence à 1.' })
  @Max(50_000_000)
  fromLine?: number;
  /**
   * The person read the precautions of a restart from a line (bed and nozzle hot, no homing of
   * Z, the part still on the bed). Required with `fromLine`.
   * @example true
   */
  @IsOptional() @Type(() => Boolean) @IsBoolean() warningsRead?: boolean;
}

export class MoveJobDto {
  /** @example 1 */
  @Type(() => Number) @IsInt() @Min(1) @Max(10_000) position: number;
}

/** The /jobs page's restart form (a checkbox posts the text `true`). */
export class RestartJobForm {
  /** @example "1234" */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'La ligne est un nombre entier.' })
  @Min(1, { message: 'La ligne commence à 1.' })
  @Max(50_000_000)
  fromLine?: number;
  /** @example "true" */
  @IsOptional() @IsIn(['true']) warningsRead?: string;
}

/** The machine types of a site whose jobs a trainer or a manager approves before the queue (the whole list). */
export class ApprovalRulesDto {
  /** @example "5d1f6a3c-2b4e-4f8a-9c7d-1e2f3a4b5c6d" */
  @IsOptional() @IsUUID() siteId?: string;
  /** @example ["printer", "laser"] */
  @IsArray({ message: said('une liste de types de machine', 'a list of machine types') })
  @ArrayUnique()
  @ArrayMaxSize(10)
  @IsIn(MACHINE_TYPES as unknown as string[], {
    each: true,
    message: said(`types parmi : ${MACHINE_TYPES.join(', ')}`, `types among: ${MACHINE_TYPES.join(', ')}`),
  })
  machineTypes: string[];
}

/** Approving a job: an optional word for the maker. */
export class ApproveJobDto {
  /** @example "Bon fichier, supports bien placés." */
  @IsOptional() @IsString() @MaxLength(1000, { message: said('1000 caractères au plus', '1000 characters at most') }) note?: string;
}

/** Refusing a job (the maker reads the reason), or asking for changes (the maker reads what to change). */
export class ReviewNoteDto {
  /** @example "Les parois font 0,2 mm : trop fines pour cette buse." */
  @IsString({ message: said('écrivez la raison', 'write the reason') })
  @Length(3, 1000, { message: said('la raison fait de 3 à 1000 caractères', 'the reason is 3 to 1000 characters') })
  message: string;
}

/** The review form of the approvals page: a decision and its words. */
export class ReviewJobForm {
  /** @example "changes" */
  @IsIn(['approve', 'refuse', 'changes'], { message: said('décision inconnue', 'unknown decision') }) decision: 'approve' | 'refuse' | 'changes';
  /** @example "Ajoutez des supports sous le pont." */
  @IsOptional() @IsString() @MaxLength(1000, { message: said('1000 caractères au plus', '1000 characters at most') }) message?: string;
}
