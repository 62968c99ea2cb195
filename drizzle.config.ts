import { defineConfig } from 'drizzle-kit';

// `iofold db studio --d1` (npm run db:studio -- --d1): a D1 database through Cloudflare's HTTP API.
const d1 = process.env.CLOUDFLARE_D1_DATABASE_ID;

export default defineConfig(
  d1
    ? {
        dialect: 'sqlite',
        driver: 'd1-http',
        schema: './src/db/schema/index.ts',
        out: './drizzle',
        dbCredentials: {
          accountId: process.env.CLOUDFLARE_ACCOUNT_ID ?? '',
          databaseId: d1,
          token: process.env.CLOUDFLARE_D1_TOKEN ?? '',
        },
      }
    : {
        dialect: 'sqlite',
        schema: './src/db/schema/index.ts',
        out: './drizzle',
        dbCredentials: { url: process.env.IOFOLD_DATABASE_PATH ?? './.iofold/iofold.db' },
      },
);
