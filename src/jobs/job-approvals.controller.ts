import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { SiteQuery } from '../common/query.dto';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import type { UploadedDiskFile } from '../infra/files/disk-upload';
import { ApprovalRulesDto, ApproveJobDto, ReviewNoteDto } from './dto/jobs.dto';
import { JobFileInterceptor } from './jobs.controller';
import { JobsService } from './jobs.service';

/**
 * Print and cut approval (docs/jobs.md, « Approbation avant la file »). Registered before
 * JobsController, whose `GET /api/jobs/:id` would otherwise take `approvals` for an id.
 */
@Controller('api/jobs')
export class JobApprovalsController {
  constructor(private readonly jobs: JobsService) {}

  @Get('approval-rules')
  @Roles('manager', 'trainer')
  rules(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.jobs.approvals.rulesOf(viewer, q.siteId);
  }

  @Put('approval-rules')
  @Roles('manager')
  setRules(@CurrentViewer() viewer: Viewer, @Body() dto: ApprovalRulesDto) {
    return this.jobs.approvals.setRules(viewer, dto.siteId, dto.machineTypes);
  }

  /** Jobs held for approval, or waiting for their maker's changes. */
  @Get('approvals')
  @Roles('manager', 'trainer')
  pending(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.jobs.approvals.pending(viewer, q.siteId);
  }

  @Post(':id/approve')
  @Roles('manager', 'trainer')
  async approve(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ApproveJobDto) {
    return this.jobs.view(await this.jobs.approvals.approve(viewer, id, dto.note));
  }

  @Post(':id/refuse')
  @Roles('manager', 'trainer')
  async refuse(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReviewNoteDto) {
    return this.jobs.view(await this.jobs.approvals.refuse(viewer, id, dto.message));
  }

  @Post(':id/request-changes')
  @Roles('manager', 'trainer')
  async requestChanges(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReviewNoteDto) {
    return this.jobs.view(await this.jobs.approvals.requestChanges(viewer, id, dto.message));
  }

  /** The maker answers the changes asked; the job awaits approval again. */
  @Post(':id/answer')
  async answer(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReviewNoteDto) {
    return this.jobs.view(await this.jobs.approvals.answer(viewer, id, dto.message));
  }

  /** The maker sends a new version of the file (multipart `file`); analysed again, then awaits approval again. */
  @Post(':id/version')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'Fichier G-code. G-code file.' } } },
  })
  @UseInterceptors(JobFileInterceptor)
  async version(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @UploadedFile() file: UploadedDiskFile | undefined) {
    return this.jobs.view(await this.jobs.newVersion(viewer, id, file));
  }
}
