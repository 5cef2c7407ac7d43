import { BadRequestException, Body, Controller, HttpCode, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { readFile } from 'node:fs/promises';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { DiskUpload, type UploadedDiskFile } from '../infra/files/disk-upload';
import { ImportFormDto, ImportKindParam } from './dto/imports.dto';
import { ImportsService } from './imports.service';

/** A CSV of 50 000 members with their badges and trainings is a few megabytes. */
export const ImportFileInterceptor = DiskUpload('file', () => 20 * 1024 * 1024);

/**
 * The uploaded file as text: UTF-8 (with or without BOM), else Windows-1252, what Excel writes
 * when it saves a « CSV (séparateur : point-virgule) » on a French Windows.
 */
export async function importText(file: UploadedDiskFile | undefined): Promise<string> {
  if (!file) throw new BadRequestException({ code: 'no_file', field: 'file', message: 'Choisissez un fichier CSV. Choose a CSV file.' });
  const bytes = await readFile(file.path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

@ApiTags('imports')
@Controller('api/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** Dry run: every row that would be refused, with its line, column and reason; nothing is written. */
  @Post(':kind/check')
  @HttpCode(200)
  @Roles('manager')
  @UseInterceptors(ImportFileInterceptor)
  async check(@CurrentViewer() viewer: Viewer, @Param() p: ImportKindParam, @UploadedFile() file: UploadedDiskFile | undefined, @Body() dto: ImportFormDto) {
    return this.imports.check(viewer, p.kind, await importText(file), dto.siteId);
  }

  /** Import, all or nothing: 400 `rows_rejected` with the list when any row is refused, else every row in one transaction. */
  @Post(':kind')
  @Roles('manager')
  @UseInterceptors(ImportFileInterceptor)
  async run(@CurrentViewer() viewer: Viewer, @Param() p: ImportKindParam, @UploadedFile() file: UploadedDiskFile | undefined, @Body() dto: ImportFormDto) {
    return this.imports.run(viewer, p.kind, await importText(file), dto.siteId);
  }
}
