import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtraModels, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import type { Response } from 'express';
import { createReadStream } from 'node:fs';
import { Public } from '../common/public.decorator';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { DiskUpload, UploadedDiskFile } from '../infra/files/disk-upload';
import { MoveJobDto, RequeueJobDto, UploadJobDto } from './dto/jobs.dto';
import { JobsService } from './jobs.service';
import { SiteQuery } from '../common/query.dto';
import { JobFileQuery, ThumbnailQuery } from './dto/jobs-query.dto';

/** The G-code file streamed to disk, its size limit (JOBS_MAX_FILE_MB) enforced while it arrives. */
export const JobFileInterceptor = DiskUpload('file', (config) => Math.round(config.env.JOBS_MAX_FILE_MB * 1024 * 1024));

@Controller('api/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  /** Multipart: `file` (G-code) + machineId or machineType, material, quantity. */
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiExtraModels(UploadJobDto)
  @ApiBody({
    schema: {
      allOf: [
        { $ref: getSchemaPath(UploadJobDto) },
        { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'Fichier G-code. G-code file.' } } },
      ],
    },
  })
  @UseInterceptors(JobFileInterceptor)
  async upload(@CurrentViewer() viewer: Viewer, @UploadedFile() file: UploadedDiskFile | undefined, @Body() dto: UploadJobDto) {
    return this.jobs.view(await this.jobs.upload(viewer, file, dto));
  }

  @Get('mine')
  mine(@CurrentViewer() viewer: Viewer) {
    return this.jobs.mine(viewer);
  }

  @Get('queue')
  @Roles('manager')
  queue(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.jobs.siteQueue(viewer, q.siteId);
  }

  @Get(':id')
  async one(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.jobs.view(await this.jobs.get(viewer, id));
  }

  @Get(':id/thumbnail')
  async thumbnail(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Query() q: ThumbnailQuery, @Res() res: Response) {
    res
      .type('image/webp')
      .set('Cache-Control', 'private, max-age=86400')
      .send(await this.jobs.thumbnail(viewer, id, q.size === 'small'));
  }

  /** For the bridge: `Authorization: Bearer <token>` or `?token=`; the token is short-lived. */
  @Public()
  @Get(':id/file')
  async file(@Param('id', ParseUUIDPipe) id: string, @Query() q: JobFileQuery, @Headers('authorization') auth: string | undefined, @Res() res: Response) {
    const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : q.token;
    const { path, job } = await this.jobs.fileFor(id, token);
    res.status(200).type('text/plain').set('Content-Length', String(job.fileSize)).set('X-Content-SHA256', job.fileSha256);
    createReadStream(path).pipe(res);
  }

  @Post(':id/start')
  start(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.jobs.start(viewer, id);
  }

  @Post(':id/cancel')
  cancel(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.jobs.cancel(viewer, id);
  }

  @Post(':id/requeue')
  requeue(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RequeueJobDto) {
    return this.jobs.requeue(viewer, id, dto);
  }

  @Post(':id/pause')
  @Roles('manager')
  pause(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.jobs.pauseOrResume(viewer, id, 'pause_job');
  }

  @Post(':id/resume')
  @Roles('manager')
  resume(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.jobs.pauseOrResume(viewer, id, 'resume_job');
  }

  @Post(':id/hold')
  @Roles('manager')
  hold(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.jobs.hold(viewer, id);
  }

  @Post(':id/release')
  @Roles('manager')
  release(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.jobs.release(viewer, id);
  }

  @Post(':id/move')
  @Roles('manager')
  async move(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: MoveJobDto) {
    return (await this.jobs.move(viewer, id, dto.position)).map((j) => ({ id: j.id, position: j.position, status: j.status }));
  }
}
void Transform;
