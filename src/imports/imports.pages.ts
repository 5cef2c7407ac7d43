import { Body, Controller, Get, HttpException, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { PageQuery } from '../common/query.dto';
import type { UploadedDiskFile } from '../infra/files/disk-upload';
import { csrfField } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, Lang } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { PageContext, pageLayout, PageRequest, renderPage, sendHtml } from '../web/page';
import { ImportFileInterceptor, importText } from './imports.controller';
import { ImportCheck, ImportResult, ImportsService } from './imports.service';
import { IMPORT_KINDS, type ImportKind, type ImportReject } from './import-rows';

const ti = defineDictionary({
  'nav.imports': { fr: 'Importer (CSV)', en: 'Import (CSV)' },
  title: { fr: 'Importer des personnes ou des machines', en: 'Import people or machines' },
  intro: {
    fr: 'Un fichier CSV (séparateur « ; » ou « , », UTF-8 ou celui d’Excel). « Vérifier » ne change rien et liste chaque ligne refusée ; « Importer » enregistre tout le fichier, ou rien si une seule ligne est refusée.',
    en: 'A CSV file (« ; » or « , », UTF-8 or Excel’s). « Check » changes nothing and lists every refused row; « Import » saves the whole file, or nothing if a single row is refused.',
  },
  kind: { fr: 'Ce que contient le fichier', en: 'What the file holds' },
  'kind.people': { fr: 'Personnes, badges et formations validées', en: 'People, badges and trainings passed' },
  'kind.machines': { fr: 'Machines', en: 'Machines' },
  file: { fr: 'Fichier CSV', en: 'CSV file' },
  check: { fr: 'Vérifier (rien n’est enregistré)', en: 'Check (nothing is saved)' },
  import: { fr: 'Importer', en: 'Import' },
  columnsPeople: {
    fr: 'Colonnes lues : prenom (ou « Prénom » de Fab-manager), nom (« Nom »), courriel (« Courriel »), role, langue, badges (UID, séparés par « | »), formations (« Formations validées » : une par ligne ou séparées par « | »), date_formations (JJ/MM/AAAA ; aujourd’hui sinon). Les autres colonnes sont ignorées.',
    en: 'Columns read: prenom (Fab-manager « Prénom »), nom (« Nom »), courriel (« Courriel »), role, langue, badges (UIDs, « | »-separated), formations (« Formations validées »: one per line or « | »-separated), date_formations (DD/MM/YYYY; today otherwise). Other columns are ignored.',
  },
  columnsMachines: {
    fr: 'Colonnes lues : nom, identifiant (tiré du nom s’il manque), type (laser, imprimante 3D, fraiseuse, autre), duree_max_minutes (480 sinon).',
    en: 'Columns read: nom, identifiant (made from the name if missing), type (laser, imprimante 3D, fraiseuse, autre), duree_max_minutes (480 otherwise).',
  },
  'result.checked': {
    fr: 'Vérification : {rows} ligne(s), {ok} acceptée(s), {ko} refusée(s). Rien n’a été enregistré.',
    en: 'Check: {rows} row(s), {ok} accepted, {ko} refused. Nothing was saved.',
  },
  'result.refused': {
    fr: 'Rien n’a été importé : corrigez les lignes ci-dessous puis renvoyez le fichier.',
    en: 'Nothing was imported: fix the rows below and send the file again.',
  },
  'result.imported': {
    fr: 'Importé : {people} personne(s), {badges} badge(s), {qualifications} formation(s) validée(s), {machines} machine(s).',
    en: 'Imported: {people} people, {badges} badges, {qualifications} trainings passed, {machines} machines.',
  },
  'result.ready': { fr: 'Tout est bon : choisissez de nouveau le fichier et « Importer ».', en: 'All good: choose the file again and « Import ».' },
  line: { fr: 'Ligne', en: 'Line' },
  column: { fr: 'Colonne', en: 'Column' },
  value: { fr: 'Valeur', en: 'Value' },
  reason: { fr: 'Raison', en: 'Reason' },
  ignored: { fr: 'Colonnes ignorées : {list}', en: 'Columns ignored: {list}' },
});

addNavLink({ href: '/imports', key: 'nav.imports', roles: ['manager'], group: 'admin', order: 60 });

/** What the page says after a check or an import. */
interface Outcome {
  kind: ImportKind;
  check?: ImportCheck;
  result?: ImportResult;
  rejected?: ImportReject[];
  error?: string;
}

/** The import page of a site's manager: upload, dry run, import (docs/imports.md). */
@ApiExcludeController()
@Controller()
export class ImportsPages {
  constructor(private readonly imports: ImportsService) {}

  @Public()
  @Get('imports')
  page(@Req() req: PageRequest, @Res() res: Response, @Query() _q: PageQuery) {
    return renderPage(req, res, ['manager'], (ctx) => this.render(ctx));
  }

  @Public()
  @Post('imports')
  @UseInterceptors(ImportFileInterceptor)
  send(@Req() req: PageRequest, @Res() res: Response, @UploadedFile() file: UploadedDiskFile | undefined, @Body() body: Record<string, string>) {
    return renderPage(req, res, ['manager'], async (ctx) => {
      const kind: ImportKind = IMPORT_KINDS.includes(body.kind as ImportKind) ? (body.kind as ImportKind) : 'people';
      try {
        const text = await importText(file);
        if (body.mode === 'import') return this.render(ctx, { kind, result: await this.imports.run(ctx.viewer, kind, text) });
        return this.render(ctx, { kind, check: await this.imports.check(ctx.viewer, kind, text) });
      } catch (err) {
        if (!(err instanceof HttpException) || err.getStatus() === 403 || err.getStatus() === 404) throw err;
        const answer = err.getResponse() as { message?: string; rejected?: ImportReject[] };
        sendHtml(res, err.getStatus(), await this.render(ctx, { kind, error: String(answer.message ?? err.message), rejected: answer.rejected }));
        return null;
      }
    });
  }

  private async render(ctx: PageContext, o?: Outcome): Promise<string> {
    const { lang } = ctx;
    const kind = o?.kind ?? 'people';
    const rejected = o?.check?.rejected ?? o?.result?.rejected ?? o?.rejected ?? [];
    const said: SafeHtml[] = [];
    if (o?.check)
      said.push(
        html`<p class="card" role="status" id="import-outcome">${ti('result.checked', lang, { rows: o.check.rows, ok: o.check.accepted, ko: o.check.rows - o.check.accepted })}${
          rejected.length ? '' : html` ${ti('result.ready', lang)}`
        }</p>`,
      );
    if (o?.result) said.push(html`<p class="card" role="status" id="import-outcome">${ti('result.imported', lang, o.result.imported)}</p>`);
    if (o?.error) said.push(html`<p class="card form-refusal" role="alert" id="import-outcome">${rejected.length ? ti('result.refused', lang) : o.error}</p>`);
    const ignored = o?.check?.ignoredColumns ?? o?.result?.ignoredColumns ?? [];
    const body = html`<h1>${ti('title', lang)}</h1>
<p class="muted">${ti('intro', lang)}</p>
${said}
${rejectTable(rejected, lang)}
${ignored.length ? html`<p class="muted">${ti('ignored', lang, { list: ignored.join(', ') })}</p>` : ''}
<form class="card" method="post" action="/imports" enctype="multipart/form-data">
  ${csrfField(ctx.req.csrfToken)}
  <p><label>${ti('kind', lang)}<br><select name="kind">${IMPORT_KINDS.map(
    (k) => html`<option value="${k}"${k === kind ? html` selected` : ''}>${ti(`kind.${k}`, lang)}</option>`,
  )}</select></label></p>
  <p><label>${ti('file', lang)}<br><input type="file" name="file" required accept=".csv,.txt,text/csv"></label></p>
  <p><button type="submit" class="button secondary" name="mode" value="check">${ti('check', lang)}</button>
     <button type="submit" class="button" name="mode" value="import">${ti('import', lang)}</button></p>
</form>
<section class="card"><p>${ti('columnsPeople', lang)}</p><p>${ti('columnsMachines', lang)}</p></section>`;
    return pageLayout(ctx, { title: ti('title', lang), body, current: '/imports' });
  }
}

function rejectTable(rows: ImportReject[], lang: Lang): SafeHtml | string {
  if (!rows.length) return '';
  return html`<div class="table-wrap"><table id="import-rejects"><thead><tr><th>${ti('line', lang)}</th><th>${ti('column', lang)}</th><th>${ti('value', lang)}</th><th>${ti('reason', lang)}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr data-row="${r.row}"><td>${r.row}</td><td>${r.column}</td><td>${r.value}</td><td>${r.reason}</td></tr>`)}</tbody></table></div>`;
}
