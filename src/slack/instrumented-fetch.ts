import type { webApi } from '@slack/bolt';
import type { Metrics } from '../observability/metrics';

/** A fetch for the WebClient that counts every Slack Web API call and its failures by method. */
export function instrumentedFetch(metrics: Metrics): webApi.FetchFunction {
  return async (url, init) => {
    const method = new URL(url).pathname.split('/').pop() || 'unknown';
    metrics.slackCalls.inc({ method });
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (err) {
      metrics.slackErrors.inc({ method, error: 'network' });
      throw err;
    }
    if (response.status === 429) metrics.slackErrors.inc({ method, error: 'ratelimited' });
    else if (response.status !== 200) metrics.slackErrors.inc({ method, error: `http_${response.status}` });
    else {
      const body = (await response
        .clone()
        .json()
        .catch(() => null)) as { ok?: boolean; error?: string } | null;
      if (body && body.ok === false) metrics.slackErrors.inc({ method, error: body.error ?? 'unknown' });
    }
    return response;
  };
}
