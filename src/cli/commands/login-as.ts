/** `bazaar login-as`: an operator's authorization code to act as a user (PKCE, like Console's authorize-as). */
import { LoginAsCodeView } from '../../http/admin-api/schemas.ts';
import { AdminClient } from '../admin-client.ts';
import { UsageError, type Command } from '../command.ts';

export const loginAsCommand: Command = {
  kind: 'command',
  name: 'login-as',
  summary: 'Issue a one-time code to log in to the marketplace as a user',
  description: [
    'Prints the code. Then redirect the browser to <redirect-uri>?code=<code>; the front end',
    'exchanges it with sdk.loginAs({ code, redirect_uri, code_verifier }) for a 30-minute user',
    'token (no refresh token). code-challenge is the PKCE S256 challenge of that code_verifier:',
    'base64url(sha256(code_verifier)).',
  ].join('\n'),
  options: {
    marketplace: { type: 'string', required: true, valueName: 'SLUG', description: 'Marketplace slug' },
    user: { type: 'string', required: true, valueName: 'EMAIL', description: "The user's email address" },
    'client-id': { type: 'string', required: true, valueName: 'ID', description: 'Marketplace API client id of the front end' },
    'redirect-uri': { type: 'string', required: true, valueName: 'URI', description: 'Where the front end receives the code' },
    'code-challenge': { type: 'string', required: true, valueName: 'C', description: 'PKCE S256 code challenge' },
  },
  run: async (args, ctx) => {
    const redirectUri = args.string('redirect-uri') ?? '';
    let redirect: URL;
    try {
      redirect = new URL(redirectUri);
    } catch {
      throw new UsageError(`--redirect-uri must be an absolute URL; got "${redirectUri}".`, 'login-as');
    }
    const client = AdminClient.fromEnv(ctx.env);
    const issued = await client.request('POST', '/login-as', LoginAsCodeView, {
      marketplace: args.string('marketplace'),
      userEmail: args.string('user'),
      clientId: args.string('client-id'),
      redirectUri,
      codeChallenge: args.string('code-challenge'),
    });
    redirect.searchParams.set('code', issued.code);
    ctx.out.out(issued.code);
    ctx.out.err(`Code expires at ${issued.expiresAt}. Redirect the browser to:\n  ${redirect.toString()}`);
    return 0;
  },
};
