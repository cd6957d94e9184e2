/**
 * Waiting for a job through HTTP: polls `GET location` (a 202's Location, /api/jobs/{id}) until the job
 * has succeeded or failed, and answers its state.
 */
import request from 'supertest';

/** The job at `location` once it has finished (at most `tries` polls, 100 ms apart). */
export async function finishedJob(
  app: Parameters<typeof request>[0],
  location: string,
  headers: Record<string, string> = {},
  tries = 600,
): Promise<Record<string, any>> {
  for (let i = 0; i < tries; i++) {
    const res = await request(app).get(location).set(headers).expect(200);
    const job = res.body.job as { status: string };
    if (job.status === 'succeeded' || job.status === 'failed') return res.body.job as Record<string, any>;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${location} did not finish`);
}
