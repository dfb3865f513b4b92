import type { Page } from "playwright-core";

/**
 * The pages of clients/web that the web-vitals bench measures and the accessibility checks visit,
 * and how a learner signs in. When the app's routes or its sign-in change, change them here only.
 */
export interface WebPage {
  /** A short name: the bench's row, the axe artifact's file name. */
  name: string;
  /** Path and hash route, appended to the site's origin. */
  path: string;
  /** Whether the page is opened with a session (signInWithDevToken first) or signed out. */
  signedIn: boolean;
}

/** The lesson the signed-in pages use; prepareLearner completes it, so review has items and profile has xp. */
export const SAMPLE_LESSON = "hiragana-01";

export const WEB_PAGES: readonly WebPage[] = [
  { name: "sign-in", path: "/", signedIn: false },
  { name: "courses", path: "/#/courses", signedIn: true },
  { name: "lesson", path: `/#/lessons/${SAMPLE_LESSON}`, signedIn: true },
  { name: "review", path: "/#/review", signedIn: true },
  { name: "profile", path: "/#/profile", signedIn: true },
];

/** What the sign-in form is made of; signedOut() tells whether a page still shows it. */
const SIGN_IN_FIELD = "signin-token";
const SIGN_IN_SUBMIT = "signin-submit";

/**
 * Signs the page in with a development session token through the app's sign-in form, and returns
 * when the form is gone. The session lives in the tab (sessionStorage), so later navigations of
 * this page to the same origin stay signed in.
 */
export async function signInWithDevToken(page: Page, origin: string, token: string): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByTestId(SIGN_IN_FIELD).fill(token);
  await page.getByTestId(SIGN_IN_SUBMIT).click();
  await page.getByTestId(SIGN_IN_FIELD).waitFor({ state: "detached" });
}

/** Whether the page shows the sign-in form (a signed-in page that does has lost its session). */
export async function signedOut(page: Page): Promise<boolean> {
  return (await page.getByTestId(SIGN_IN_FIELD).count()) > 0;
}

async function gatewayRequest(gatewayUrl: string, token: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (!res.ok || json.errors) throw new Error(`preparing the learner: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json.data!;
}

/**
 * What a learner needs before the pages are worth visiting, through the gateway as the token's
 * user: a profile, and SAMPLE_LESSON completed with its characters learned (so review has items).
 */
export async function prepareLearner(gatewayUrl: string, token: string): Promise<void> {
  await gatewayRequest(gatewayUrl, token, `mutation($n: String!) { updateProfile(input: { displayName: $n }) { id } }`, { n: "Vita" });
  const { lesson } = await gatewayRequest(gatewayUrl, token, `query($l: ID!) { lesson(id: $l) { characters { id } } }`, {
    l: SAMPLE_LESSON,
  });
  const learned = (lesson.characters as { id: string }[]).map((c) => c.id);
  const { completeLesson } = await gatewayRequest(
    gatewayUrl,
    token,
    `mutation($i: CompleteLessonInput!) { completeLesson(input: $i) { newReviewItems } }`,
    { i: { lessonId: SAMPLE_LESSON, learnedCharacterIds: learned } },
  );
  if (!completeLesson.newReviewItems) throw new Error(`preparing the learner: ${SAMPLE_LESSON} added no review items`);
}
