// `npx tsx --conditions=react-server scripts/bench/sign-page-probe.ts`: the signing page alone, for
// A/B runs while changing it (the full `--only=sign` group also times signatures and seals). Starts
// a throw-away Imprimatur, issues one agreement, then prints sign_page_* and static_page_median as
// `npm run bench` does. BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=…" profiles the server.
import { issueAgreement } from "../../lib/agreements/issue-agreement";
import { issueAgreementInput } from "../../lib/agreements/issue-agreement-input";
import { staffAddressContext } from "../../lib/audit/audit-context";
import { db } from "../../lib/db/client";
import { emailForDelivery } from "../../lib/mail/outbox";
import { startBenchEnvironment } from "./environment";
import { figuresTable } from "./figures";
import { benchSigningPage } from "./sign-page";

const environment = await startBenchEnvironment();
try {
  const input = issueAgreementInput.parse({
    proceedings: "PMLR vol. 139, ICML 2021",
    articleTitle: "Differentiable Dynamic Quantization with Mixed Precision and Adaptive resolution",
    correspondingAuthorName: "Zhang Haoyang",
    correspondingAuthorEmail: "author@example.org",
    authors: "Zhang Haoyang\nZhang Zhongang",
  });
  const agreement = await issueAgreement(
    staffAddressContext("bench@example.org", { ip: null, userAgent: null }),
    input,
  );
  const email = await db.emailMessage.findFirstOrThrow({ where: { agreementId: agreement.id, kind: "invitation" } });
  const url = /https?:\/\/\S+\/sign\/[A-Za-z0-9_-]{43}/.exec(emailForDelivery(email).text)![0];
  const page = await fetch(url).then((response) => response.text());
  console.error(`page: ${page.length} characters`);
  console.log(figuresTable(await benchSigningPage(url, console.error)));
} finally {
  await db.$disconnect();
  await environment.stop();
}
process.exit(0);
