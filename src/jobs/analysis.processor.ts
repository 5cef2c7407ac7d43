import { Injectable, Logger } from '@nestjs/common';
import { FileStore } from '../infra/files/file-store';
import { JobContext, Queues } from '../infra/queue/queues';
import { analyseFile, renderTopView, webThumbnails } from './gcode/analyse-file';
import { JOB_ANALYSIS_QUEUE, JobsService, StoredAnalysis } from './jobs.service';

/** Runs `jobs.analyse`: streams the stored file through the analyser, with progress. */
@Injectable()
export class JobAnalysisProcessor {
  private readonly log = new Logger('JobAnalysis');

  constructor(
    private readonly jobs: JobsService,
    private readonly files: FileStore,
    queues: Queues,
  ) {
    queues.handle<{ jobId: string }>(JOB_ANALYSIS_QUEUE, 'analyse', (d, job) => this.analyse(d.jobId, job));
  }

  async analyse(jobId: string, job: Pick<JobContext, 'progress'>): Promise<{ status: string }> {
    try {
      const file = await this.jobs.fileOfJob(jobId);
      if (!file) return { status: 'gone' };
      const { analysis, segments } = await analyseFile(file.path, file.size, (f) => job.progress(Math.round(f * 100)));
      let image: Buffer | null = null;
      let kind: StoredAnalysis['thumbnail'] = null;
      if (analysis.thumbnail && analysis.thumbnail.format !== 'qoi') {
        image = analysis.thumbnail.data;
        kind = 'slicer';
      } else if (segments && segments.length > 0 && analysis.bbox) {
        image = await renderTopView(segments, analysis.bbox);
        kind = 'rendered';
      }
      let thumbs: { large: string; small: string } | null = null;
      if (image) {
        try {
          const t = await webThumbnails(image);
          thumbs = { large: (await this.files.put(t.large)).sha256, small: (await this.files.put(t.small)).sha256 };
        } catch (e) {
          this.log.warn(`thumbnail of ${jobId}: ${(e as Error).message}`);
          kind = null;
        }
      }
      const { thumbnail: _drop, ...rest } = analysis;
      const done = await this.jobs.analysed(jobId, { ...rest, thumbnail: kind }, thumbs);
      await job.progress(100);
      return { status: done?.status ?? 'gone' };
    } catch (e) {
      this.log.warn(`analysis of ${jobId} failed: ${(e as Error).message}`);
      await this.jobs.analysisFailed(jobId, (e as Error).message);
      return { status: 'rejected' };
    }
  }
}
