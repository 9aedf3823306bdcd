// A real OpenID Connect provider for Qualipilote's tests, never for production: node-oidc-provider
// configured like ProConnect (authorization code flow, client_secret_post, RS256 id_token AND
// userinfo answered as a signed JWT, scopes named after the claims, RP-initiated logout).
//
// Started by the tests (qualipilote/organisations/tests/oidc.py) with one JSON argument:
//   {"port": 0, "client": {"client_id", "client_secret", "redirect_uris",
//    "post_logout_redirect_uris"}}
// It prints one line `READY <issuer>` on stdout once it listens.
//
// The people who can sign in are set by the tests through a control address, on loopback only:
//   PUT  /_test/accounts/<login>   {"sub", "email", "given_name", "usual_name", "uid", "siret"}
//   PUT  /_test/jwks               {"publish": "own-key" | "other-key"}
// "other-key" publishes a different public key under the kid of the signing key: every token
// the provider signs then fails verification against its published keys (a forged or
// mis-rotated key). The login page asks only for the login, as a test account needs no password.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.argv[2] || '{}');
const SCOPES = ['openid', 'given_name', 'usual_name', 'email', 'uid', 'siret'];

function rsaJwk(kid) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

function publicPart({ d, p, q, dp, dq, qi, ...rest }) {
  return rest;
}

const signingKey = rsaJwk('test-signing-key');
const otherKey = { ...rsaJwk('unused'), kid: signingKey.kid };
let publishedKey = 'own-key';
const accounts = new Map();

function page(title, body) {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title></head>`
    + `<body><main><h1>${title}</h1>${body}</main></body></html>`;
}

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString() || '{}');
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': type });
  res.end(body);
}

const server = http.createServer();
server.listen(config.port || 0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      ...config.client,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'RS256',
      userinfo_signed_response_alg: 'RS256',
    }],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['test-only-cookie-key'] },
    scopes: SCOPES,
    claims: Object.fromEntries(SCOPES.map((scope) => [scope, scope === 'openid' ? ['sub'] : [scope]])),
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page('Se déconnecter du fournisseur ?', `${form}`
            + '<button type="submit" form="op.logoutForm" name="logout" value="yes">Oui, me déconnecter</button>');
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = page('Déconnecté', '<p>Vous êtes déconnecté du fournisseur.</p>');
        },
      },
    },
    pkce: { required: () => false },
    // The account id is the person's `sub`; the tests may change everything else meanwhile.
    findAccount: async (ctx, sub) => {
      const account = [...accounts.values()].find((claims) => claims.sub === sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ ...account }) };
    },
    // The people are the State's agents of the test: no consent screen, as with ProConnect.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope(SCOPES.join(' '));
      await grant.save();
      return grant;
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Erreur du fournisseur', `<pre>${escapeHtml(JSON.stringify(out))}</pre>`);
    },
  });
  const callback = provider.callback();

  async function interaction(req, res, uid) {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      send(res, 200, page('Connexion au fournisseur de test', `<form method="post" action="/interaction/${uid}">`
        + '<label for="login">Identifiant</label><input id="login" name="login" autofocus>'
        + '<button type="submit">Se connecter</button></form>'));
      return;
    }
    const login = (await readForm(req)).get('login') || '';
    if (details.prompt.name !== 'login' || !accounts.has(login)) {
      send(res, 400, page('Identifiant inconnu', `<p>${escapeHtml(login)}</p>`));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: accounts.get(login).sub } });
  }

  server.on('request', async (req, res) => {
    try {
      const url = new URL(req.url, issuer);
      const interactionMatch = url.pathname.match(/^\/interaction\/([\w-]+)$/);
      if (req.method === 'PUT' && url.pathname.startsWith('/_test/accounts/')) {
        accounts.set(decodeURIComponent(url.pathname.slice('/_test/accounts/'.length)), await readJson(req));
        send(res, 204, '');
      } else if (req.method === 'PUT' && url.pathname === '/_test/jwks') {
        publishedKey = (await readJson(req)).publish;
        send(res, 204, '');
      } else if (req.method === 'GET' && url.pathname === '/jwks' && publishedKey === 'other-key') {
        send(res, 200, JSON.stringify({ keys: [publicPart(otherKey)] }), 'application/json');
      } else if (interactionMatch) {
        await interaction(req, res, interactionMatch[1]);
      } else {
        callback(req, res);
      }
    } catch (error) {
      send(res, 500, page('Erreur', `<pre>${escapeHtml(error.stack)}</pre>`));
    }
  });
  process.stdout.write(`READY ${issuer}\n`);
});
