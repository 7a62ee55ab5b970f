// A set of journeys served together: checked at start-up (ids, base paths and URLs each used once), and the journey of a URL.
import { JourneyError, pageSlugs, type Journey } from './journey';

/**
 * Checks the journeys served together and returns them: two journeys with one id, one base path, or one page URL,
 * or a page of the app's own (`reserved`, e.g. "/start-over") taken by a journey, stop the app at start-up, named.
 */
export function checkJourneys<J extends Journey>(journeys: readonly J[], reserved: readonly string[] = []): readonly J[] {
  const problems = registryProblems(journeys, reserved);
  if (problems.length > 0) throw new JourneyError(`journeys: ${problems.join('; ')}`);
  return journeys;
}

export function registryProblems(journeys: readonly Journey[], reserved: readonly string[] = []): string[] {
  const problems: string[] = [];
  const byId = new Map<string, number>();
  const byBase = new Map<string, string>();
  for (const journey of journeys) {
    byId.set(journey.id, (byId.get(journey.id) ?? 0) + 1);
    const other = byBase.get(journey.basePath);
    if (other !== undefined && other !== journey.id) problems.push(`journeys "${other}" and "${journey.id}" share the base path "${journey.basePath}"`);
    byBase.set(journey.basePath, journey.id);
  }
  for (const [id, count] of byId) if (count > 1) problems.push(`the id "${id}" is used by ${count} journeys`);
  const served = new Map<string, string>(reserved.map((url) => [url, 'the app']));
  for (const journey of journeys) {
    for (const url of pageUrls(journey)) {
      const owner = served.get(url);
      if (owner !== undefined) problems.push(`"${journey.id}" serves ${url}, which ${owner === 'the app' ? 'the app' : `"${owner}"`} serves already`);
      served.set(url, journey.id);
      // Found by its base path (longest match), a page must lead back to its own journey.
      const found = journeyByBasePath(journeys, url);
      if (found !== undefined && found !== journey && found.basePath !== journey.basePath) {
        problems.push(`"${journey.id}" serves ${url}, which lies under "${found.id}"'s base path ${found.basePath}`);
      }
    }
  }
  return problems;
}

/** Every URL a journey answers: its steps, its check page, and for a journey that is sent, its done and cancel pages. */
export function pageUrls(journey: Journey): string[] {
  return pageSlugs(journey).map((slug) => `${journey.basePath}/${slug}`);
}

/**
 * The journey of `url`: the one whose base path is the longest that holds it (a journey at the root, base path '',
 * holds every URL no other base path does). Undefined when none does: there is no default journey.
 */
export function journeyAt<J extends Journey>(journeys: readonly J[], url: string): J | undefined {
  return journeyByBasePath(journeys, url);
}

function journeyByBasePath<J extends Journey>(journeys: readonly J[], url: string): J | undefined {
  let best: J | undefined;
  for (const journey of journeys) {
    if (!url.startsWith(`${journey.basePath}/`)) continue;
    if (best === undefined || journey.basePath.length > best.basePath.length) best = journey;
  }
  return best;
}
