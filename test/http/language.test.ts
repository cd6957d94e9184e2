/**
 * Messages for people follow `Accept-Language` (Chinese by default); `code` and `path` never change.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

describe.each(databaseKinds)('language of error messages on %s', (kind) => {
  const town = useTestApp(kind, [TINY_TOWN_DIR]);
  const badYear = (language?: string) => {
    const req = request(town.app).get('/api/jurisdictions/tiny-town/townships?year=abc');
    return language ? req.set('Accept-Language', language) : req;
  };

  it('answers a bad field in Chinese without a header, in English when asked, with the same code and path', async () => {
    const zh = await badYear().expect(400);
    const en = await badYear('en-GB,en;q=0.9').expect(400);
    for (const res of [zh, en]) {
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['query.year']);
    }
    expect(zh.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(zh.body.error.issues[0].message).toMatch(/[\u4e00-\u9fff]/);
    expect(en.body.error.message).toBe('invalid query.year');
    expect(en.body.error.issues[0].message).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('prefers Chinese when the client ranks it first, and names an unknown jurisdiction in each language', async () => {
    const zh = await request(town.app).get('/api/jurisdictions/nowhere').set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.8').expect(404);
    const en = await request(town.app).get('/api/jurisdictions/nowhere').set('Accept-Language', 'en').expect(404);
    expect(zh.body.error).toEqual({ code: 'not_found', message: expect.stringMatching(/^未找到/) });
    expect(en.body.error).toEqual({ code: 'not_found', message: expect.stringMatching(/not found$/) });
  });
});
