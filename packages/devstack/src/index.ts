export {
  listedSubgraphs,
  loadSubgraph,
  readSubgraphList,
  SUBGRAPH_ENTRIES,
  SUBGRAPH_LIST,
  localUrl,
  type DevstackValue,
  type ListedSubgraph,
  type SubgraphEntry,
} from "./subgraphs";
export { composeSupergraph, generatedFiles, schemaFiles, type Composition, type ExtraSubgraph } from "./compose";
export { readContracts, EVENTS_DIR } from "./event-contracts";
export { loadDevKeys, type DevKeys } from "./dev-keys";
export { DEV_AUTHORIZED_PARTY, DEV_CLERK_ISSUER, signMachineToken, signSessionToken } from "./session-token";
export { REPO_ROOT, SCHEMA_DIR, SUPERGRAPH_PATH } from "./paths";
export { readReleased, RELEASED_CONTRACTS } from "./release-events";
export { startKafkaBroker, type TestKafkaBroker } from "./kafka-broker";
export {
  startLocalStack,
  parseMetrics,
  type LocalStack,
  type LocalStackOptions,
  type SubgraphProcess,
  type StackKeys,
} from "./local-stack";
export { createTestDatabase, ADMIN_URL, type TestDatabase } from "./test-database";
export { STACK_TEMPLATE_ENV, newTemplateName, dropStackTemplate } from "./stack-template";
export { ADVERSARIAL_DOCUMENTS, fragmentBomb, requestBody, type AdversarialDocument } from "./adversarial";
export { pollHealth, type Poll } from "./poll-health";
export { recordSensitive } from "./sensitive";
export { formatReport, scanCapture, scanPassed, SENSITIVE_SUBDIR, type ScanReport } from "./log-scan";
export {
  AUTHORIZATION_FILE,
  declarationGaps,
  entityTypes,
  matrixFields,
  PRINCIPALS,
  readAuthorization,
  VISIBILITIES,
  type Authorization,
  type Principal,
  type Visibility,
} from "./authorization";
export {
  startFakeStripe,
  fakeStripeValues,
  FAKE_STRIPE_PRICES,
  FAKE_STRIPE_SECRET_KEY,
  type FakeStripe,
  type FakeStripeRequest,
  type FakeStripeSubscription,
} from "./fake-stripe";
export * as deploy from "./deploy";
export { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from "./otlp-receiver";
export {
  ALERTS_FILE,
  DASHBOARDS_DIR,
  RUNBOOKS_DIR,
  exposedMetricNames,
  headingAnchor,
  markdownAnchors,
  promqlMetricNames,
  readAlertRules,
  readDashboardQueries,
  type AlertRule,
  type DashboardQuery,
} from "./monitoring";
