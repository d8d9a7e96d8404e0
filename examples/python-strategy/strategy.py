#!/usr/bin/python3
"""An external strategy for the trading terminal, written only from docs/protocol.md ("Writing a strategy in another
language"): a momentum strategy on closed 1 s bars. When the last `lookback` closes each rose, it goes long `qty`
lots; when they each fell, it goes flat (or short `qty` with `allowShort`). It trades the difference from its own
position with one market IOC order at a time.

The terminal lists it with its parameters and a switch: it registers on the control channel with a StrategyStatus,
heartbeats, and obeys SetStrategyState / SetStrategyEnabled / SetStrategyParams. Logs go to stderr; stdout carries one
JSON line per StrategyStatus sent ({"status": …}) and per order sent ({"order": …}), for scripts and tests.

Needs only Debian's python3-zmq and python3-msgpack:

    /usr/bin/python3 strategy.py --base-port 7100                # a terminal started with --base-port 7100
    /usr/bin/python3 strategy.py --run-dir /tmp/tt               # a terminal on ipc:// sockets in /tmp/tt
    /usr/bin/python3 strategy.py --ctl tcp://127.0.0.1:7100 --md tcp://127.0.0.1:7101 --risk-in tcp://127.0.0.1:7103 \
        --risk tcp://127.0.0.1:7104 --exec tcp://127.0.0.1:7107 --exec-snap tcp://127.0.0.1:7108 \
        [--name py-momentum] [--strategy-id py-momentum] [--venue sim] [--symbol BTC-USD] [--param lookback=2]

SIGTERM or SIGINT stops it cleanly: it cancels its working orders, reports itself stopped and exits 0.
"""

import argparse
import json
import os
import signal
import sys
import time
import uuid

import msgpack
import zmq

SCHEMA_VERSION = 3
# Endpoint order of --base-port (docs/protocol.md §1): endpoint i is tcp://127.0.0.1:<base + i>.
ENDPOINT_NAMES = ["ctl", "md", "mdSnap", "riskIn", "risk", "riskSnap", "execIn", "exec", "execSnap", "simMd",
                  "simOrders", "simSnap"]
KIND = "py-momentum"
TIMEFRAME = "1s"
TERMINAL_STATES = {"filled", "canceled", "rejected", "expired"}
RESEND_AFTER_S = 1.0  # a command with no event for its id yet goes again this often
STATUS_EVERY_S = 2.0  # a StrategyStatus at least this often, so a host that restarted learns about us
STATS_EVERY_S = 5.0   # a stats line on stderr

# The parameter schema in the format of workers/strategies/params.ts: the terminal draws an editor from it.
SCHEMA = {
    "lookback": {"kind": "int", "default": 3, "min": 1, "max": 20,
                 "description": "Closed 1 s bars in a row whose close rose (or fell) that make a signal"},
    "qty": {"kind": "int", "default": 1, "min": 1, "max": 1000, "unit": "lots",
            "description": "Position size when in the market"},
    "allowShort": {"kind": "bool", "default": False, "description": "Go short on falling closes instead of flat"},
}


def now_us():
    """Integer microseconds since the Unix epoch: the unit of every ts/rts on the bus."""
    return time.time_ns() // 1000


def encode(message):
    return msgpack.packb(message, use_bin_type=True)


def decode(payload):
    """A payload is one message map, or an array of maps (a batch, all on the frame's topic)."""
    value = msgpack.unpackb(payload, raw=False)
    return value if isinstance(value, list) else [value]


def resolve_params(given, base):
    """Checks `given` on top of `base` as params.ts does: (params, None), or (None, why) keeping nothing."""
    params = dict(base)
    for name, value in given.items():
        spec = SCHEMA.get(name)
        if spec is None:
            return None, "unknown parameter %s (known: %s)" % (name, ", ".join(SCHEMA))
        if spec["kind"] == "bool":
            if not isinstance(value, bool):
                return None, "%s must be true or false" % name
        else:
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, bool) or not isinstance(value, int):
                return None, "%s must be a whole number" % name
            if value < spec["min"]:
                return None, "%s must be at least %d" % (name, spec["min"])
            if value > spec["max"]:
                return None, "%s must be at most %d" % (name, spec["max"])
        params[name] = value
    return params, None


def momentum(closes, lookback):
    """'up' if each of the last `lookback` closes rose, 'down' if each fell, else None."""
    if len(closes) < lookback + 1:
        return None
    window = closes[-(lookback + 1):]
    steps = [b - a for a, b in zip(window, window[1:])]
    if all(step > 0 for step in steps):
        return "up"
    if all(step < 0 for step in steps):
        return "down"
    return None


class Strategy:
    """One instance: parameters, run state, working orders and position from its own events. No sockets."""

    def __init__(self, strategy_id, venue, symbol, params):
        self.id = strategy_id
        self.venue = venue
        self.symbol = symbol
        self.params = params
        self.state = "running"
        self.reason = ""
        self.position = 0
        self.working = {}  # clientOrderId -> last known state
        self.fill_ids = set()
        self.closes = []
        self.last_bar_start = 0

    def on_bar(self, bar):
        """A closed bar: the signed quantity to trade now, or 0."""
        if bar["start"] <= self.last_bar_start:
            return 0
        self.last_bar_start = bar["start"]
        self.closes = (self.closes + [bar["close"]])[-(SCHEMA["lookback"]["max"] + 1):]
        signal_ = momentum(self.closes, self.params["lookback"])
        if signal_ is None or self.working:
            return 0  # one order at a time: wait until ours is done
        if signal_ == "up":
            target = self.params["qty"]
        else:
            target = -self.params["qty"] if self.params["allowShort"] else 0
        return target - self.position

    def on_event(self, event):
        """An event of one of our orders; True if the position changed."""
        cid = event["clientOrderId"]
        moved = False
        if event["type"] == "OrderFilled" and event["fillId"] not in self.fill_ids:
            self.fill_ids.add(event["fillId"])
            self.position += event["qty"] if event["side"] == "buy" else -event["qty"]
            moved = True
        state = event.get("state")
        if state in TERMINAL_STATES:
            self.working.pop(cid, None)
        elif state is not None:
            self.working[cid] = state
        return moved

    def set_state(self, state):
        """Returns the ids of working orders to cancel."""
        if state == "running" and self.state == "stopped":
            self.closes = []  # a stopped strategy starts afresh; a paused one carries on
        if state == "paused" and self.state != "running":
            return []
        self.state = state
        self.reason = ""
        return list(self.working) if state == "stopped" else []

    def set_params(self, given):
        params, why = resolve_params(given, self.params)
        if why is not None:
            self.reason = "parameters refused: " + why
            return False
        self.params = params
        self.reason = ""
        return True


class Runner:
    """Sockets, the control channel, command delivery with resends, and the loop."""

    def __init__(self, args, endpoints, strategy):
        self.args = args
        self.ep = endpoints
        self.strategy = strategy
        self.worker = args.name
        self.stopping = False
        self.replaying = False  # rebuilding from execSnap at start: old news, not worth a log line or a status each
        self.worker_paused = False  # SetPaused: the kill switch holds every strategy
        self.ctx = zmq.Context()
        self.seq = {}  # per-stream counters: commands, status.<worker>, log.<worker>
        self.exec_seq = {}  # last seq per topic on exec, to find gaps
        self.pending = {}  # key -> [command, last sent (monotonic)]
        self.session = uuid.uuid4().hex[:10]
        self.next_id = 0
        self.counts = {"trades": 0, "bars": 0, "orders": 0, "cancels": 0, "resends": 0, "fills": 0, "denials": 0,
                       "resyncs": 0, "refused_params": 0}
        self.msgs_in = self.msgs_out = self.refused = 0
        self.last_heartbeat = self.last_status = self.last_stats = 0.0

    # ------------------------------------------------------------------------------------------------ sockets

    def socket(self, kind, endpoint, prefixes=(), linger=0, routing_id=None):
        sock = self.ctx.socket(kind)
        sock.setsockopt(zmq.LINGER, linger)
        if routing_id is not None:
            sock.setsockopt(zmq.ROUTING_ID, routing_id.encode())  # before connect, so the host knows us by name
        sock.connect(endpoint)
        for prefix in prefixes:
            sock.setsockopt(zmq.SUBSCRIBE, prefix.encode())
        return sock

    def open(self):
        s = self.strategy
        inst = "%s.%s" % (s.venue, s.symbol)
        self.ctl = self.socket(zmq.DEALER, self.ep["ctl"], linger=500, routing_id=self.worker)
        self.md = self.socket(zmq.SUB, self.ep["md"], ["bar.%s.%s" % (TIMEFRAME, inst), "trade." + inst])
        self.exec_sub = self.socket(zmq.SUB, self.ep["exec"], ["order." + inst, "fill." + inst])
        self.risk = self.socket(zmq.SUB, self.ep["risk"], ["order." + inst]) if self.ep.get("risk") else None
        self.push = self.socket(zmq.PUSH, self.ep["riskIn"], linger=2000)
        self.topics = {"bar": "bar.%s.%s" % (TIMEFRAME, inst), "trade": "trade." + inst,
                       "order": "order." + inst, "fill": "fill." + inst}

    def stamp(self, stream, body):
        self.seq[stream] = self.seq.get(stream, 0) + 1
        t = now_us()
        message = {"v": SCHEMA_VERSION, "seq": self.seq[stream], "ts": t, "rts": t}
        message.update(body)
        return message

    def send_ctl(self, stream, body):
        self.ctl.send(encode(self.stamp(stream, body)))
        self.msgs_out += 1

    # ------------------------------------------------------------------------------------------------ reporting

    def log(self, level, text, to_host=False):
        sys.stderr.write("[%s] %s %s\n" % (self.worker, level, text))
        sys.stderr.flush()
        if to_host:
            self.send_ctl("log." + self.worker,
                          {"type": "WorkerLog", "worker": self.worker, "level": level, "text": "%s: %s" % (self.strategy.id, text)})

    def emit_json(self, key, value):
        sys.stdout.write(json.dumps({key: value}) + "\n")
        sys.stdout.flush()

    def heartbeat(self, state="running"):
        self.last_heartbeat = time.monotonic()
        stats = {"msgsIn": self.msgs_in, "msgsOut": self.msgs_out, "refused": self.refused,
                 "counters": dict(self.counts, pending=len(self.pending), working=len(self.strategy.working))}
        self.send_ctl("status." + self.worker, {"type": "Heartbeat", "worker": self.worker, "pid": os.getpid(),
                                                "state": state, "reason": "", "stats": stats})

    def status(self):
        s = self.strategy
        self.last_status = time.monotonic()
        body = {"type": "StrategyStatus", "worker": self.worker, "strategyId": s.id, "kind": KIND, "venue": s.venue,
                "symbol": s.symbol, "state": s.state, "reason": s.reason, "params": dict(s.params),
                "schema": json.dumps(SCHEMA), "position": s.position}
        self.send_ctl("status." + self.worker, body)
        self.emit_json("status", {k: v for k, v in body.items() if k != "schema"})

    # ------------------------------------------------------------------------------------------------ commands out

    def deliver(self, key, command):
        """Sends a command now and again every second until an event for its order comes back."""
        self.pending[key] = [command, time.monotonic()]
        self.push.send(encode(self.stamp("commands", command)))
        self.msgs_out += 1

    def submit(self, side, qty, cause_ts):
        s = self.strategy
        self.next_id += 1
        cid = "%s.%s.%d" % (s.id, self.session, self.next_id)  # unique in the session, across senders and restarts
        command = {"type": "SubmitOrder", "src": self.worker, "venue": s.venue, "symbol": s.symbol,
                   "clientOrderId": cid, "strategyId": s.id, "side": side, "orderType": "market", "price": 0,
                   "qty": qty, "tif": "IOC", "causeTs": cause_ts}
        s.working[cid] = "pending_new"
        self.counts["orders"] += 1
        self.emit_json("order", {"clientOrderId": cid, "side": side, "qty": qty, "causeTs": cause_ts})
        self.log("info", "%s %d lots at market (%s), position %d" % (side, qty, cid, s.position))
        self.deliver(cid, command)

    def cancel(self, cid):
        s = self.strategy
        if "cancel:" + cid in self.pending:
            return
        self.counts["cancels"] += 1
        self.deliver("cancel:" + cid, {"type": "CancelOrder", "src": self.worker, "venue": s.venue,
                                       "symbol": s.symbol, "clientOrderId": cid, "strategyId": s.id})

    def resend_due(self):
        now = time.monotonic()
        for entry in self.pending.values():
            if now - entry[1] >= RESEND_AFTER_S:
                entry[1] = now
                self.counts["resends"] += 1
                self.push.send(encode(self.stamp("commands", entry[0])))  # same id: risk never makes a second order
                self.msgs_out += 1

    # ------------------------------------------------------------------------------------------------ inputs

    def on_md(self, topic, message):
        s = self.strategy
        if topic == self.topics["trade"] and message.get("type") == "Trade":
            self.counts["trades"] += 1
            if self.counts["trades"] == 1:
                self.log("info", "market data: first trade on %s at %d ticks" % (topic, message["price"]))
            return
        if topic != self.topics["bar"] or message.get("type") != "Bar" or not message.get("closed"):
            return
        self.counts["bars"] += 1
        if s.state != "running" or self.worker_paused:
            return  # paused or stopped: sees no data, sends no orders
        delta = s.on_bar(message)
        if delta != 0:
            self.submit("buy" if delta > 0 else "sell", abs(delta), message["rts"])

    def on_order_event(self, message):
        s = self.strategy
        if message.get("strategyId") != s.id or "clientOrderId" not in message:
            return  # everyone's orders share the topics
        cid = message["clientOrderId"]
        self.pending.pop(cid, None)  # any event for the id: the order reached risk, no more resends
        kind = message["type"]
        if kind == "RequestRejected" or message.get("state") in TERMINAL_STATES:
            self.pending.pop("cancel:" + cid, None)
        if kind == "OrderFilled":
            self.counts["fills"] += 1
        moved = kind != "RequestRejected" and s.on_event(message)
        if self.replaying:
            return
        if kind == "OrderDenied":
            self.counts["denials"] += 1
            self.log("warn", "order %s denied by risk (%s): %s" % (cid, message["rule"], message["reason"]), True)
        elif kind == "OrderRejected":
            self.log("warn", "order %s rejected: %s" % (cid, message["reason"]), True)
        if moved:
            self.log("info", "filled %s %d at %d ticks, position %d" % (message["side"], message["qty"],
                                                                      message["price"], s.position))
            self.status()

    def on_risk(self, _topic, message):
        if message.get("type") == "OrderDenied":
            self.on_order_event(message)

    def on_exec(self, topic, message):
        """Live exec events, checked for gaps per topic; a gap is filled from execSnap (the clone pattern)."""
        seq = message.get("seq", 0)
        last = self.exec_seq.get(topic)
        if last is not None and seq == 1 and last > 1:
            last = None  # execution restarted without a journal: a new stream
        elif last is not None and seq <= last:
            return  # already seen (live data overlapping a resend)
        if last is not None and seq > last + 1 and self.ep.get("execSnap"):
            self.resync(topic)
            if seq <= self.exec_seq.get(topic, 0):
                return
        self.exec_seq[topic] = seq
        self.on_order_event(message)

    def resync(self, prefix):
        """RequestSnapshot to execSnap: [topic, payload] replies, then ['', SnapshotEnd]."""
        self.counts["resyncs"] += 1
        dealer = self.socket(zmq.DEALER, self.ep["execSnap"])
        try:
            after = {t: n for t, n in self.exec_seq.items() if t.startswith(prefix)}
            dealer.send(encode(self.stamp("snapshots", {"type": "RequestSnapshot", "src": self.worker,
                                                        "prefix": prefix, "afterSeq": after})))
            while True:
                if dealer.poll(5000) == 0:
                    self.log("warn", "no answer from execSnap for %s" % prefix)
                    return
                frames = dealer.recv_multipart()
                if len(frames) != 2:
                    self.refused += 1
                    continue
                topic = frames[0].decode("utf-8")
                for message in decode(frames[1]):
                    if message.get("type") == "SnapshotEnd":
                        return
                    if message.get("seq", 0) > self.exec_seq.get(topic, 0):
                        self.exec_seq[topic] = message["seq"]
                        self.on_order_event(message)
        finally:
            dealer.close()

    def on_ctl(self, message):
        kind = message.get("type")
        s = self.strategy
        if kind == "Shutdown":
            self.log("info", "the terminal asked us to shut down")
            self.stopping = True
            return
        if kind == "SetPaused":
            self.worker_paused = bool(message.get("paused"))
            self.log("info", "all strategies %s by the terminal" % ("held" if self.worker_paused else "released"), True)
            return
        if kind not in ("SetStrategyState", "SetStrategyEnabled", "SetStrategyParams") or message.get("strategyId") != s.id:
            return
        if kind == "SetStrategyParams":
            if s.set_params(message.get("params") or {}):
                self.log("info", "parameters now %s" % json.dumps(s.params), True)
            else:
                self.counts["refused_params"] += 1
                self.log("warn", s.reason, True)
        else:
            state = message.get("state") if kind == "SetStrategyState" else ("running" if message.get("enabled") else "stopped")
            if state not in ("running", "paused", "stopped"):
                self.refused += 1
                return
            for cid in s.set_state(state):
                self.cancel(cid)
            self.log("info", "now %s" % s.state, True)
        self.status()  # every command is answered with our state as it is now

    # ------------------------------------------------------------------------------------------------ the loop

    def drain(self, sock, framed, handler, limit=1000):
        """Reads what is waiting on `sock` (up to `limit` frames) without blocking."""
        for _ in range(limit):
            try:
                frames = sock.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                return
            if len(frames) != (2 if framed else 1):
                self.refused += 1
                continue
            topic = frames[0].decode("utf-8") if framed else ""
            try:
                messages = decode(frames[-1])
            except Exception:  # not msgpack: count it and go on, like the terminal's own workers
                self.refused += 1
                continue
            for message in messages:
                if not isinstance(message, dict) or message.get("v") != SCHEMA_VERSION:
                    self.refused += 1
                    continue
                self.msgs_in += 1
                if framed:
                    handler(topic, message)
                else:
                    handler(message)

    def run(self):
        self.open()
        s = self.strategy
        self.log("info", "%s %s on %s %s, params %s" % (KIND, s.id, s.venue, s.symbol, json.dumps(s.params)), True)
        self.heartbeat()
        self.status()
        if self.ep.get("execSnap"):
            # Orders and fills of an earlier run under the same strategy id: our position survives a restart.
            self.replaying = True
            self.resync(self.topics["order"])
            self.resync(self.topics["fill"])
            self.replaying = False
            if s.position != 0 or s.working:
                self.log("info", "recovered position %d, %d working orders" % (s.position, len(s.working)), True)
                self.status()
        poller = zmq.Poller()
        for sock in (self.ctl, self.md, self.exec_sub, self.risk):
            if sock is not None:
                poller.register(sock, zmq.POLLIN)
        while not self.stopping:
            ready = dict(poller.poll(100))
            if self.ctl in ready:
                self.drain(self.ctl, False, self.on_ctl)
            if self.exec_sub in ready:
                self.drain(self.exec_sub, True, self.on_exec)
            if self.risk is not None and self.risk in ready:
                self.drain(self.risk, True, self.on_risk)
            if self.md in ready:
                self.drain(self.md, True, self.on_md)
            self.on_timer()
        self.shutdown()

    def on_timer(self):
        now = time.monotonic()
        self.resend_due()
        if now - self.last_heartbeat >= self.args.heartbeat_ms / 1000:
            self.heartbeat()
        if now - self.last_status >= STATUS_EVERY_S:
            self.status()
        if now - self.last_stats >= STATS_EVERY_S:
            self.last_stats = now
            self.log("info", "stats %s position=%d state=%s" % (
                " ".join("%s=%d" % item for item in sorted(self.counts.items())), self.strategy.position,
                self.strategy.state))

    def shutdown(self):
        """Cancel what works, wait briefly for the answers, report stopped, close."""
        for cid in self.strategy.set_state("stopped"):
            self.cancel(cid)
        deadline = time.monotonic() + 2.0
        while any(key.startswith("cancel:") for key in self.pending) and time.monotonic() < deadline:
            if self.exec_sub.poll(100):
                self.drain(self.exec_sub, True, self.on_exec)
            self.resend_due()
        self.status()
        self.heartbeat("stopped")
        self.log("info", "stopped, position %d" % self.strategy.position)
        for sock in (self.md, self.exec_sub, self.risk, self.push, self.ctl):
            if sock is not None:
                sock.close()
        self.ctx.term()  # waits for the lingering sockets to hand over the last status and cancels


def endpoints_from(args):
    """Explicit flags win over --base-port (TCP) and --run-dir (ipc://<runDir>/<name>.sock)."""
    ep = {}
    if args.base_port is not None:
        ep = {name: "tcp://127.0.0.1:%d" % (args.base_port + i) for i, name in enumerate(ENDPOINT_NAMES)}
    elif args.run_dir is not None:
        ep = {name: "ipc://%s/%s.sock" % (os.path.abspath(args.run_dir), name) for name in ENDPOINT_NAMES}
    for name, flag in (("ctl", "ctl"), ("md", "md"), ("riskIn", "risk_in"), ("risk", "risk"), ("exec", "exec_ep"),
                       ("execSnap", "exec_snap")):
        if getattr(args, flag):
            ep[name] = getattr(args, flag)
    missing = [name for name in ("ctl", "md", "riskIn", "exec") if not ep.get(name)]
    if missing:
        raise SystemExit("strategy: no endpoint for %s: give --base-port, --run-dir or the flags" % ", ".join(missing))
    return ep


def initial_params(pairs):
    given = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep:
            raise SystemExit("strategy: --param takes name=value, got %s" % pair)
        try:
            given[name] = json.loads(text)
        except ValueError:
            raise SystemExit("strategy: --param %s: %s is not a number or true/false" % (name, text))
    params, why = resolve_params(given, {name: spec["default"] for name, spec in SCHEMA.items()})
    if why is not None:
        raise SystemExit("strategy: " + why)
    return params


def main():
    parser = argparse.ArgumentParser(description="A momentum strategy on 1 s bars for the trading terminal.")
    parser.add_argument("--base-port", type=int, help="the terminal's --base-port: every endpoint on TCP from it")
    parser.add_argument("--run-dir", help="the terminal's session folder, for its ipc:// endpoints")
    parser.add_argument("--ctl", help="host control ROUTER")
    parser.add_argument("--md", help="feed md PUB")
    parser.add_argument("--risk-in", help="risk PULL for commands")
    parser.add_argument("--risk", help="risk PUB, for denials")
    parser.add_argument("--exec", dest="exec_ep", help="execution exec PUB")
    parser.add_argument("--exec-snap", help="execution snapshot ROUTER, to recover missed events")
    parser.add_argument("--name", default="py-momentum", help="worker name: the routing id on ctl")
    parser.add_argument("--strategy-id", help="strategy instance id, on every order (default: the worker name)")
    parser.add_argument("--venue", default="sim")
    parser.add_argument("--symbol", default="BTC-USD")
    parser.add_argument("--param", action="append", default=[], help="a starting parameter, name=value (repeatable)")
    parser.add_argument("--heartbeat-ms", type=int, default=500, help="the terminal's heartbeatMs")
    args = parser.parse_args()
    strategy = Strategy(args.strategy_id or args.name, args.venue, args.symbol, initial_params(args.param))
    runner = Runner(args, endpoints_from(args), strategy)

    def stop(_signum, _frame):
        runner.stopping = True  # the loop notices within 100 ms and shuts down cleanly

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    runner.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
