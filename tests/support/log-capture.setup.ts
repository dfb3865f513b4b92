import path from "node:path";
import { TEST_FILE_MARKER } from "../../packages/devstack/src/log-scan";
import { createLogger } from "../../packages/kit/src/logging/logger";

// The first line of this test file's capture file names it, so the log scan can say which test
// file a hit came from (docs/adr/0017). "silent": the capture gets it, the console does not.
const testFile = path.relative(path.resolve(__dirname, "..", ".."), expect.getState().testPath ?? "");
createLogger("jest", "silent").info({ testFile }, TEST_FILE_MARKER);
