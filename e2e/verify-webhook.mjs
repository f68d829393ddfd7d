// Verifies one webhook delivery with the Standard Webhooks reference library (npm: standardwebhooks), an
// implementation of the scheme independent of mailgate's own. Reads {secret, headers, body} as JSON on stdin; prints
// "ok" and the parsed payload's type, or "invalid: <reason>" and exits 1.
import { Webhook } from "standardwebhooks";

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) {
  input += chunk;
}
const { secret, headers, body } = JSON.parse(input);
try {
  // The library refuses timestamps more than 5 minutes off, as a receiver should.
  const payload = new Webhook(secret).verify(body, headers);
  console.log("ok " + payload.type);
} catch (e) {
  console.log("invalid: " + e.message);
  process.exit(1);
}
