// What a page's peer connection actually uses: the selected ICE candidate pair from
// `window.__stoa.pc.getStats()`.

/**
 * Waits until `window.__stoa.pc` has a selected candidate pair and resolves to
 * { local: { type, protocol, relayProtocol, address }, remote: { type, protocol, address, port } }.
 */
export async function selectedPair(page, timeoutMs = 10_000) {
  const handle = await page.waitForFunction(
    async () => {
      const pc = window.__stoa?.pc;
      if (!pc) return null;
      const stats = await pc.getStats();
      let pair = null;
      stats.forEach((s) => {
        if (s.type === "transport" && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId);
      });
      if (!pair || pair.state !== "succeeded") return null;
      const l = stats.get(pair.localCandidateId);
      const r = stats.get(pair.remoteCandidateId);
      return {
        local: { type: l.candidateType, protocol: l.protocol, relayProtocol: l.relayProtocol ?? null, address: l.address },
        remote: { type: r.candidateType, protocol: r.protocol, address: r.address, port: r.port },
      };
    },
    null,
    { timeout: timeoutMs, polling: 200 },
  );
  return handle.jsonValue();
}

/** For failure messages: the peer connection's states and every candidate pair it tried. */
export function iceReport(page) {
  return page.evaluate(async () => {
    const pc = window.__stoa?.pc;
    if (!pc) return { pc: null };
    const stats = await pc.getStats();
    const cand = (id) => {
      const c = stats.get(id);
      return c ? `${c.candidateType}/${c.protocol}/${c.address}:${c.port}` : id;
    };
    const pairs = [];
    stats.forEach((s) => {
      if (s.type === "candidate-pair") {
        pairs.push(`${cand(s.localCandidateId)} -> ${cand(s.remoteCandidateId)} ${s.state} req=${s.requestsSent} resp=${s.responsesReceived}`);
      }
    });
    return { connection: pc.connectionState, ice: pc.iceConnectionState, gathering: pc.iceGatheringState, pairs };
  });
}
