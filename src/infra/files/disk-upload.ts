import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  HttpException,
  Injectable,
  mixin,
  NestInterceptor,
  PayloadTooLargeException,
  Type,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rm } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Observable } from 'rxjs';
import { catchError, concatMap } from 'rxjs/operators';
import { AppConfig } from '../../config/app-config';
import { FileStore } from './file-store';

/** A file of a multipart form, already on disk under DATA_DIR/files/incoming with its sha-256. */
export interface UploadedDiskFile {
  path: string;
  size: number;
  sha256: string;
  originalname: string;
}

type Done = (err: Error | null, info?: Partial<UploadedDiskFile>) => void;

/**
 * A multer storage engine: the bytes go to disk as they arrive (never whole in memory), hashed on
 * the way. Past multer's `fileSize` limit the stream is cut and multer removes the partial file.
 */
class IncomingFiles {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  _handleFile(_req: unknown, file: { stream: Readable }, done: Done): void {
    const tmp = path.join(this.dir, `${randomBytes(12).toString('hex')}.part`);
    const hash = createHash('sha256');
    let size = 0;
    file.stream.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    pipeline(file.stream, createWriteStream(tmp)).then(
      () => done(null, { path: tmp, size, sha256: hash.digest('hex') }),
      (err: Error) => rm(tmp, { force: true }, () => done(err)),
    );
  }

  _removeFile(_req: unknown, file: { path?: string }, done: (err: Error | null) => void): void {
    if (!file.path) return done(null);
    rm(file.path, { force: true }, () => done(null));
  }
}

const megabytes = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** The French 413 of an upload past its limit. */
export const fileTooLarge = (maxBytes: number) =>
  new PayloadTooLargeException({ code: 'file_too_large', message: `Fichier trop gros (${megabytes(maxBytes)} Mo au plus). File too large.` });

/**
 * The one file of field `field`, streamed to disk with its size limit (bytes, from the config)
 * enforced while it arrives; the temporary file is removed once the request is answered, whatever
 * happened (a handler keeps it by moving it into the file store first). Multer's English refusals
 * are said in French.
 */
export function DiskUpload(
  field: string,
  maxBytes: (config: AppConfig) => number,
  tooLarge: (maxBytes: number) => HttpException = fileTooLarge,
): Type<NestInterceptor> {
  @Injectable()
  class DiskUploadInterceptor implements NestInterceptor {
    private readonly inner: NestInterceptor;
    private readonly max: number;

    constructor(config: AppConfig, files: FileStore) {
      this.max = maxBytes(config);
      const Inner = FileInterceptor(field, { storage: new IncomingFiles(files.incomingDir), limits: { fileSize: this.max, files: 1 } });
      this.inner = new Inner();
    }

    async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = ctx.switchToHttp().getRequest<{ file?: { path?: string } }>();
      let answered: Observable<unknown>;
      try {
        answered = (await this.inner.intercept(ctx, next)) as Observable<unknown>;
      } catch (err) {
        if (err instanceof PayloadTooLargeException) throw tooLarge(this.max);
        if (err instanceof BadRequestException) {
          throw new BadRequestException({
            code: 'bad_upload',
            message: `Envoi illisible : formulaire multipart attendu, un seul fichier dans le champ « ${field} ».`,
          });
        }
        throw err;
      }
      // Removed before the answer leaves, so no temporary file outlives its request.
      const removeUpload = () => (req.file?.path ? fsp.rm(req.file.path, { force: true }) : Promise.resolve());
      return answered.pipe(
        concatMap(async (value) => (await removeUpload(), value)),
        catchError(async (err: unknown) => {
          await removeUpload();
          throw err;
        }),
      );
    }
  }
  return mixin(DiskUploadInterceptor);
}
