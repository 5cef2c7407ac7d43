import { Global, Injectable, Module, PayloadTooLargeException } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { AppConfig } from '../../config/app-config';

export interface StoredFile {
  sha256: string;
  /** Absolute path on disk. */
  path: string;
  size: number;
}

/** Default cap for one stored file (photos are resized before they get here). */
export const MAX_STORED_BYTES = 25 * 1024 * 1024;

/**
 * Files under DATA_DIR/files, addressed by their sha-256 (the same bytes are stored once).
 * Writes go to a temporary file renamed into place, so a reader never sees half a file.
 */
@Injectable()
export class FileStore {
  readonly root: string;
  /** Uploads being received (DiskUpload), on the same disk so keeping one is a rename. */
  readonly incomingDir: string;

  constructor(config: AppConfig) {
    this.root = path.join(config.dataDir, 'files');
    this.incomingDir = path.join(this.root, 'incoming');
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha-256');
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(buffer: Buffer, maxBytes = MAX_STORED_BYTES): Promise<StoredFile> {
    if (buffer.length > maxBytes) {
      throw new PayloadTooLargeException({ code: 'file_too_large', message: `Fichier trop gros (max ${Math.round(maxBytes / 1048576)} Mo). File too large.` });
    }
    const sha256 = createHash('sha256').update(buffer).digest('hex');
    const target = this.pathOf(sha256);
    await fs.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.access(target);
    } catch {
      const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      await fs.writeFile(tmp, buffer);
      await fs.rename(tmp, target);
    }
    return { sha256, path: target, size: buffer.length };
  }

  /** Keeps an upload already on disk (DiskUpload): moved into place, or dropped if those bytes are already stored. */
  async adopt(upload: { path: string; sha256: string; size: number }): Promise<StoredFile> {
    const target = this.pathOf(upload.sha256);
    await fs.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.access(target);
      await fs.rm(upload.path, { force: true });
    } catch {
      await fs.rename(upload.path, target);
    }
    return { sha256: upload.sha256, path: target, size: upload.size };
  }

  get(sha256: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(sha256));
  }
}

@Global()
@Module({ providers: [FileStore], exports: [FileStore] })
export class FilesModule {}
