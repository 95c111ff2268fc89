/** What `bazaar start` prints once the server listens: URL, admin key, credentials, SDK snippet. */
import type { BootstrapResult } from '../domain/admin/index.ts';

const KIND_LABEL = { marketplace: 'Marketplace API app', integration: 'Integration API app' } as const;

export function formatStartBanner(url: string, boot: BootstrapResult): string {
  const lines: string[] = [`Bazaar is running at ${url}`, ''];
  const key = boot.adminKey;
  if (key.kind === 'generated') {
    lines.push(
      `Admin key (shown only now; only its hash is stored): ${key.key}`,
      `  Admin commands need it:  export BAZAAR_ADMIN_KEY=${key.key}`,
    );
  } else if (key.kind === 'from-env') {
    lines.push('Admin key: the BAZAAR_ADMIN_KEY this server was started with.');
  } else if (key.envKeyKnown === false) {
    lines.push('Warning: BAZAAR_ADMIN_KEY is not an admin key of this database (admin keys are set at first start).');
  } else {
    lines.push('Admin key: the one printed (or set with BAZAAR_ADMIN_KEY) at first start.');
  }
  lines.push('');
  if (boot.marketplace) lines.push(`Marketplace "${boot.marketplace.slug}" (${boot.marketplace.name})`);
  for (const app of boot.apps) {
    const status = app.revoked ? '  (revoked)' : '';
    lines.push(`  ${KIND_LABEL[app.kind]}:  client id ${app.clientId}${status}`);
    if (app.clientSecret !== undefined) lines.push(`  ${' '.repeat(KIND_LABEL[app.kind].length)}   client secret ${app.clientSecret}`);
  }
  if (boot.apps.length > 0 && !boot.firstStart) {
    lines.push(
      '  Client secrets were shown at first start (only hashes are stored).',
      `  Need a new one? bazaar app create --marketplace ${boot.marketplace?.slug ?? 'dev'} --kind marketplace --name web`,
    );
  }
  const web = boot.apps.find((a) => a.kind === 'marketplace' && !a.revoked);
  if (web) {
    lines.push(
      '',
      'Use it from the Sharetribe SDK:',
      "  const sharetribeSdk = require('sharetribe-flex-sdk');",
      `  const sdk = sharetribeSdk.createInstance({ clientId: '${web.clientId}', baseUrl: '${url}', assetCdnBaseUrl: '${url}' });`,
      '  sdk.marketplace.show().then((res) => console.log(res.data));',
    );
  }
  return lines.join('\n');
}
