import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { html } from '../web/html';
import { SitesService } from '../sites/sites.service';
import { defineDictionary, formatDate, langOf } from '../web/i18n';
import { layout } from '../web/layout';
import type { PageRequest } from '../web/page';
import { CredentialsService } from './credentials.service';

const tc = defineDictionary({
  'cred.title': { fr: 'Vérification d’une attestation', en: 'Credential check' },
  'cred.valid': { fr: 'Attestation authentique : signée par ce lieu et non modifiée.', en: 'Genuine credential: signed by this place and unchanged.' },
  'cred.invalid': { fr: 'Attestation NON valable', en: 'Credential NOT valid' },
  'cred.issuer': { fr: 'Délivrée par', en: 'Issued by' },
  'cred.date': { fr: 'Le', en: 'On' },
  'cred.json': { fr: 'Télécharger l’attestation (JSON Open Badges 3.0)', en: 'Download the credential (Open Badges 3.0 JSON)' },
  'cred.key': { fr: 'Clé de signature', en: 'Signing key' },
  'cred.jwt': { fr: 'Télécharger en VC-JWT', en: 'Download as VC-JWT' },
});

type Doc = {
  name?: string;
  validFrom?: string;
  issuer?: { id?: string; name?: string };
  credentialSubject?: { achievement?: { name?: string; description?: string; criteria?: { narrative?: string } } };
};

/** Public verification of a credential by its id: a page for people, JSON for programs. */
@ApiExcludeController()
@Controller('credentials')
export class CredentialsPages {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly sites: SitesService,
  ) {}

  @Public()
  @Get(':id.json')
  async json(@Param('id') id: string, @Res() res: Response) {
    const c = await this.credentials.get(id);
    res.type('application/json').setHeader('Access-Control-Allow-Origin', '*');
    res.send(JSON.stringify(c.document, null, 2));
  }

  /** The same credential as a VC-JWT (Open Badges 3.0 allows both forms). */
  @Public()
  @Get(':id.jwt')
  async jwt(@Param('id') id: string, @Res() res: Response) {
    const c = await this.credentials.get(id);
    res.type('application/jwt').setHeader('Access-Control-Allow-Origin', '*');
    res.send(await this.credentials.jwt(c));
  }

  @Public()
  @Get(':id')
  async page(@Param('id') id: string, @Req() req: PageRequest, @Res() res: Response) {
    const lang = langOf(req, res);
    const c = await this.credentials.get(id);
    const [result, zone] = await Promise.all([this.credentials.verify(c), this.sites.zoneOf(c.siteId)]);
    const doc = c.document as Doc;
    const a = doc.credentialSubject?.achievement;
    const body = html`<h1>${tc('cred.title', lang)}</h1>
<section class="card">
  ${
    result.verified
      ? html`<p class="pill s-granted" role="status">✔ ${tc('cred.valid', lang)}</p>`
      : html`<p class="form-message error" role="alert">✘ ${tc('cred.invalid', lang)} (${result.reason})</p>`
  }
  <h2>${a?.name ?? doc.name ?? ''}</h2>
  <p>${a?.description ?? ''}</p>
  <p class="muted">${a?.criteria?.narrative ?? ''}</p>
  <p>${tc('cred.issuer', lang)} : <strong>${doc.issuer?.name ?? ''}</strong></p>
  <p>${tc('cred.date', lang)} ${doc.validFrom ? formatDate(doc.validFrom, lang, zone) : ''}</p>
  <p class="muted">${tc('cred.key', lang)} : <code class="uid">${doc.issuer?.id ?? ''}</code></p>
  <div class="actions"><a class="button secondary" href="/credentials/${c.id}.json">${tc('cred.json', lang)}</a> <a class="button secondary" href="/credentials/${c.id}.jwt">${tc('cred.jwt', lang)}</a></div>
</section>`;
    res
      .status(200)
      .type('html')
      .send(layout({ title: tc('cred.title', lang), lang, viewer: req.viewer ?? null, body, path: req.originalUrl }));
  }
}

/**
 * What an outside verifier fetches about a site as issuer: its DID document (did:web) and its
 * signed revocation lists. Public by nature: they hold only public keys and bits.
 */
@ApiExcludeController()
@Controller('sites')
export class CredentialIssuerPages {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly sites: SitesService,
  ) {}

  @Public()
  @Get(':slug/did.json')
  async did(@Param('slug') slug: string, @Res() res: Response) {
    res.type('application/did+json').setHeader('Access-Control-Allow-Origin', '*');
    res.send(JSON.stringify(await this.credentials.didDocumentOf(slug), null, 2));
  }

  @Public()
  @Get(':slug/credentials/status/:list')
  async statusList(@Param('slug') slug: string, @Param('list') list: string, @Res() res: Response) {
    const doc = await this.credentials.statusList(slug, /^\d{1,6}$/.test(list) ? Number(list) : 0);
    res.type('application/vc+ld+json').setHeader('Access-Control-Allow-Origin', '*').setHeader('Cache-Control', 'no-cache');
    res.send(JSON.stringify(doc));
  }
}
