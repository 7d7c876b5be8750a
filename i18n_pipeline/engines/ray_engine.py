"""Ray: the CTranslate2 engine's work spread over a cluster's actors, with the same output.

Only the model runs remotely. The driver converts the model once (`convert_model`'s cache),
cuts each `translate_batch` call into one chunk per actor and puts the answers back in order,
with each chunk's confidence scores and cut-short sentences, so the catalogs the driver writes
are those of a local run. Each actor holds one `CTranslate2Engine` per model, laid out for the
actor's own CPUs by `tuning.py`. Actors are restarted when their process dies, and the chunk
they held is sent again (`max_restarts`, `max_task_retries`): a chunk is a pure function of its
sentences, so a retry gives the same translations.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import logging
import os
import socket
import tempfile
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack
from urllib.parse import urlsplit

from i18n_pipeline import __version__
from i18n_pipeline.engines.ctranslate2_engine import (
    CTranslate2Engine,
    CTranslate2Options,
    convert_model,
    default_compute_type,
    is_converted,
    provenance,
)
from i18n_pipeline.engines.registry import ModelSpec
from i18n_pipeline.engines.tuning import CPU_BATCH_SENTENCES, EngineSetup
from i18n_pipeline.errors import ModelError, UsageError

log = logging.getLogger(__name__)

# How long to wait for a TCP answer from the cluster's address before giving up: Ray itself
# keeps trying (Ray Client gave up after 44 s here; a GCS address is retried without end).
CONNECT_TIMEOUT = 2.0
RAY_CLIENT_PORT = 10001  # Ray's default for ray://HOST
# A killed actor is started again this many times, and its chunk sent again as often.
MAX_RESTARTS = 3
MAX_TASK_RETRIES = 3
# CPUs one actor asks for unless --actor-cpus says: a model copy per 4 cores keeps memory low
# while each actor still decodes several batches side by side (tuning.py).
DEFAULT_ACTOR_CPUS = 4
ACTORS_START_TIMEOUT = 300.0  # seconds for every actor to come up (a node may convert first)


def check_address(address: str) -> None:
    """Fail before anything is read or written: Ray missing, a malformed address, or nothing
    listening at HOST:PORT (a TCP connection, at most `CONNECT_TIMEOUT` seconds)."""
    if importlib.util.find_spec("ray") is None:
        raise UsageError(
            f"--cluster {address}: Ray is not installed (pip install 'i18n-pipeline[ray]')"
        )
    if address == "ray":
        return
    resolved = running_cluster() if address == "auto" else address
    if resolved is None:
        raise UsageError(
            "--cluster auto: no running Ray cluster on this machine (start one with "
            "`ray start --head`, set RAY_ADDRESS, or use --cluster ray)"
        )
    host, port = _host_port(resolved)
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise UsageError(
            f"--cluster {address}: no Ray cluster answers at {host}:{port} ({reason})"
        ) from None


def running_cluster() -> str | None:
    """Where `auto` leads, as Ray looks for it: RAY_ADDRESS, else the address `ray start`
    recorded in Ray's temporary directory. That record outlives a killed head, and Ray then
    waits for it without end: so the address is known here, and checked like any other."""
    explicit = os.environ.get("RAY_ADDRESS", "").strip()
    if explicit:
        return explicit
    record = Path(tempfile.gettempdir()) / "ray" / "ray_current_cluster"
    with contextlib.suppress(OSError):
        return record.read_text("utf-8").strip() or None
    return None


def _host_port(address: str) -> tuple[str, int]:
    client = address.startswith("ray://")
    parts = urlsplit(address if client else f"//{address}")
    try:
        port = parts.port or (RAY_CLIENT_PORT if client else None)
    except ValueError:
        port = None
    if not parts.hostname or port is None or parts.path not in ("", "/"):
        raise UsageError(
            f"invalid value for --cluster: {address!r} (ray, auto, ray://HOST[:PORT] or HOST:PORT)"
        )
    return parts.hostname, port


@dataclass(frozen=True)
class _Recipe:
    """What an actor needs to load a model: sent with every chunk, so a restarted actor (whose
    memory is gone) can load it again."""

    spec: ModelSpec  # as the user named it: a hub id lets a node convert into its own cache
    path: str  # the driver's converted directory (a shared filesystem on several nodes)
    version: str  # the provenance the driver writes; a node's conversion must match it
    options: dict[str, Any]  # CTranslate2Engine keywords
    sentences: int  # the actor's share of the work (tuning.py chooses its workers from it)


class _TranslationActor:
    """Runs in a Ray worker process: one CTranslate2Engine per model, on the actor's CPUs."""

    def __init__(self, cpus: int) -> None:
        self.cpus = cpus
        self.engines: dict[str, CTranslate2Engine] = {}
        self.loading = threading.Lock()  # two chunks may arrive at once (max_concurrency)

    def describe(self) -> dict[str, Any]:
        import ray

        node = ray.get_runtime_context().get_node_id()
        return {"pid": os.getpid(), "node": node, "version": __version__}

    def prepare(self, recipe: _Recipe) -> EngineSetup:
        return self._engine(recipe).setup

    def translate(
        self, recipe: _Recipe, chunk: list[str], source: str, target: str
    ) -> tuple[list[str], list[str], dict[str, float], str]:
        """Translations in order, the inputs cut short, their scores, and the node's ID."""
        import ray

        engine = self._engine(recipe)
        outputs = engine.translate_batch(chunk, source=source, target=target)
        # Taken out, not copied: the driver keeps them, the actor need not.
        scores = {s: engine.scores.pop(s) for s in chunk if s in engine.scores}
        capped = [s for s in chunk if s in engine.cut_short]
        engine.cut_short.difference_update(capped)
        return outputs, capped, scores, ray.get_runtime_context().get_node_id()

    def _engine(self, recipe: _Recipe) -> CTranslate2Engine:
        with self.loading:
            key = f"{recipe.spec.ref}\0{recipe.path}"
            if key not in self.engines:
                engine = CTranslate2Engine(_local_spec(recipe), threads=self.cpus, **recipe.options)
                if engine.info.version != recipe.version:
                    raise ModelError(
                        f"{recipe.spec.ref}: this node's conversion ({engine.info.version}) "
                        f"differs from the driver's ({recipe.version}); convert the same "
                        "revision on every node, or share the driver's cache directory"
                    )
                engine.reserve(recipe.sentences)
                self.engines[key] = engine
            return self.engines[key]


def _local_spec(recipe: _Recipe) -> ModelSpec:
    """The driver's converted directory where this node sees it, else the model as named (a
    hub id converts into this node's own cache); a local path elsewhere cannot be found."""
    if is_converted(Path(recipe.path)):
        return dataclasses.replace(recipe.spec, ref=recipe.path)
    if Path(recipe.spec.ref).expanduser().exists() or recipe.spec.ref.startswith(("/", ".", "~")):
        raise ModelError(
            f"{recipe.path}: the converted model is not on this node; put the model cache "
            "(I18N_PIPELINE_CACHE) on a filesystem every node mounts at the same path"
        )
    return recipe.spec


def _node_names(ray: Any) -> dict[str, str]:
    """Node ID -> "IP ID-prefix", as the cluster's own table says (a worker may see another
    address of its machine than the one the node registered)."""
    return {n["NodeID"]: f"{n['NodeManagerAddress']} {n['NodeID'][:8]}" for n in ray.nodes()}


@dataclass
class ClusterSetup:
    """How the actors are laid out; `describe()` goes into the summary's model set-up."""

    address: str
    actors: int
    cpus_per_actor: int
    gpus_per_actor: int
    nodes: int
    actor_setup: EngineSetup | None = None

    @property
    def sentences_per_call(self) -> int:
        per_actor = self.actor_setup.sentences_per_call if self.actor_setup else 32
        return per_actor * self.actors

    @property
    def batch_sentences(self) -> int:
        return self.actor_setup.batch_sentences if self.actor_setup else CPU_BATCH_SENTENCES

    def describe(self) -> str:
        unit = f"{self.gpus_per_actor} GPU" if self.gpus_per_actor else f"{self.cpus_per_actor} CPU"
        text = f"ray {self.address}, {self.actors} actor(s) x {unit} on {self.nodes} node(s)"
        return text + (f"; each {self.actor_setup.describe()}" if self.actor_setup else "")


@dataclass
class RayCluster:
    """A connection to a Ray cluster and one pool of translation actors, shared by every model
    of a run (a second pool would wait for CPUs the first one holds)."""

    address: str  # ray (start or attach a local Ray), auto, ray://HOST:PORT, HOST:PORT
    actor_cpus: int = 0  # 0: DEFAULT_ACTOR_CPUS, at most a node's CPUs
    device: str = "auto"  # cuda: one GPU per actor
    actors: list[Any] = field(default_factory=list)
    pids: list[int] = field(default_factory=list)  # each actor's process when it started
    node_names: dict[str, str] = field(default_factory=dict)  # see _node_names
    setup: ClusterSetup | None = None
    users: int = 0  # engines using the pool; the last to close ends the actors
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> list[Any]:
        """Connect and start the actors, once."""
        with self._lock:
            if not self.actors:
                self._start()
            return self.actors

    def _start(self) -> None:
        ray = _connect(self.address)
        nodes = [n for n in ray.nodes() if n.get("Alive")]
        gpus = self.device == "cuda"
        if gpus:
            per_node = [int(n["Resources"].get("GPU", 0)) for n in nodes]
            cpus, count = 1, sum(per_node)
        else:
            per_node = [int(n["Resources"].get("CPU", 0)) for n in nodes]
            cpus = self.actor_cpus or max(1, min(DEFAULT_ACTOR_CPUS, max(per_node, default=1)))
            count = sum(c // cpus for c in per_node)
        if count == 0:
            what = "a GPU" if gpus else f"{cpus} CPU(s)"
            raise UsageError(f"--cluster {self.address}: no node has {what} for an actor")
        actor = ray.remote(_TranslationActor).options(
            num_cpus=cpus,
            num_gpus=1 if gpus else 0,
            max_restarts=MAX_RESTARTS,
            max_task_retries=MAX_TASK_RETRIES,
            max_concurrency=2,  # the pipeline's two calls in flight reach the Translator
        )
        self.actors = [actor.remote(cpus) for _ in range(count)]
        ready, waiting = ray.wait(
            [a.describe.remote() for a in self.actors],
            num_returns=count,
            timeout=ACTORS_START_TIMEOUT,
        )
        if waiting:
            self.close()
            raise ModelError(
                f"--cluster {self.address}: {len(waiting)} of {count} actors did not start in "
                f"{ACTORS_START_TIMEOUT:.0f} s (the cluster's CPUs are busy?)"
            )
        found = _get(ray, ready)
        versions = {d["version"] for d in found} - {__version__}
        if versions:
            raise ModelError(
                f"--cluster {self.address}: the workers run i18n-pipeline {', '.join(versions)}, "
                f"the driver {__version__}; install the same version on every node"
            )
        self.pids = [d["pid"] for d in found]
        self.node_names = _node_names(ray)
        self.setup = ClusterSetup(
            self.address, count, cpus, int(gpus), len({d["node"] for d in found})
        )

    def node_name(self, node_id: str) -> str:
        if node_id not in self.node_names:  # a node that joined since the start
            import ray

            self.node_names.update(_node_names(ray))
        return self.node_names.get(node_id, node_id[:8])

    def close(self) -> None:
        """End the actors (their CPUs go back to the cluster); Ray would, once unreferenced."""
        with self._lock:
            if self.actors:
                import ray

                for actor in self.actors:
                    with contextlib.suppress(Exception):
                        ray.kill(actor, no_restart=True)
            self.actors = []


def _connect(address: str) -> Any:
    """Ray, initialised: kept as it is when this process already joined a cluster."""
    import ray

    if ray.is_initialized():
        return ray
    settings: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False}
    for attempt in range(1, CLIENT_TRIES + 1):
        try:
            if address == "ray":  # a Ray of this run's own: never a stale record's address
                ray.init(address="local", include_dashboard=False, **settings)
            else:
                ray.init(address=running_cluster() if address == "auto" else address, **settings)
            return ray
        except Exception as error:
            message = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            if attempt < CLIENT_TRIES and address.startswith("ray://") and _server_died(message):
                log.warning("--cluster %s: %s; connecting again", address, message)
                ray.shutdown()
                continue
            raise UsageError(f"--cluster {address}: {message}") from None
    raise AssertionError("unreachable")


# Ray Client's per-client server sometimes dies as the head's proxy forks it (a gRPC fork race,
# ray-project/ray#63202: a few percent of connections, more on a loaded head); the next try
# gets a new one. Any other failure (no head there, a version mismatch) is told at once.
CLIENT_TRIES = 3
_SERVER_DIED = ("Initialization failure from server", "Starting Ray client server failed")


def _server_died(message: str) -> bool:
    return any(text.lower() in message.lower() for text in _SERVER_DIED)


def _get(ray: Any, refs: Sequence[Any]) -> list[Any]:
    """ray.get, with a worker's failure told in one line."""
    try:
        return list(ray.get(list(refs)))
    except ray.exceptions.RayError as error:
        text = str(error).strip().splitlines()
        cause = getattr(error, "cause", None)
        if isinstance(cause, ModelError | UsageError):
            raise type(cause)(str(cause)) from None
        raise ModelError(
            f"a Ray worker failed ({type(error).__name__}: {text[0] if text else ''}); the "
            "translations saved so far are kept: run the same command again to continue"
        ) from None


class RayEngine:
    """`CTranslate2Engine`'s translations, computed by the actors of a `RayCluster`."""

    concurrent_calls = 2  # as CTranslate2Engine: each actor gets two chunks at a time

    def __init__(
        self, spec: ModelSpec, cluster: RayCluster, **options: Unpack[CTranslate2Options]
    ) -> None:
        compute_type = options.get("compute_type", "auto")
        if compute_type in ("auto", "default"):
            compute_type = default_compute_type("cuda" if cluster.device == "cuda" else "cpu")
        # Converted here, once: actors load this directory (or convert the same hub revision).
        converted = convert_model(spec, compute_type, options.get("cache_dir"))
        self.info = provenance(spec, converted, compute_type)
        self.cluster = cluster
        kept = {k: v for k, v in options.items() if k not in ("threads", "cache_dir")}
        device = "cuda" if cluster.device == "cuda" else "cpu"
        self._recipe = _Recipe(
            spec,
            str(converted.path.resolve()),
            self.info.version,
            {**kept, "compute_type": compute_type, "device": device},
            0,
        )
        self.cut_short: set[str] = set()
        self.scores: dict[str, float] = {}
        self.sentences_by_node: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._next = 0  # the actor that gets the next call's first chunk
        self._reserved = False
        cluster.users += 1

    @property
    def setup(self) -> ClusterSetup | None:
        return self.cluster.setup

    @property
    def sentences_per_call(self) -> int:
        return self.setup.sentences_per_call if self.setup else 0

    @property
    def batch_sentences(self) -> int:
        """An actor's sentences per model batch (`pieces.model_batches`)."""
        return self.setup.batch_sentences if self.setup else CPU_BATCH_SENTENCES

    def reserve(self, sentences: int) -> None:
        """Start the actors and load the model on each, laid out for its share of the work."""
        import ray

        actors = self.cluster.start()
        if self._reserved:
            return
        share = -(-max(1, sentences) // len(actors))
        self._recipe = dataclasses.replace(self._recipe, sentences=share)
        setups = _get(ray, [a.prepare.remote(self._recipe) for a in actors])
        if self.cluster.setup is not None:
            self.cluster.setup.actor_setup = setups[0]
        self._reserved = True

    def translate_batch(self, sentences: Sequence[str], *, source: str, target: str) -> list[str]:
        """Contiguous chunks, one per actor, translated side by side; results in order."""
        import ray

        if not self._reserved:
            self.reserve(len(sentences))
        actors = self.cluster.actors
        # Whole batches to each actor, so each decodes the batches a local run would.
        batch = self.batch_sentences
        size = -(-len(sentences) // len(actors)) if sentences else 1
        size = -(-size // batch) * batch
        chunks = [list(sentences[i : i + size]) for i in range(0, len(sentences), size)]
        with self._lock:
            first, self._next = self._next, (self._next + len(chunks)) % len(actors)
        refs = [
            actors[(first + n) % len(actors)].translate.remote(self._recipe, chunk, source, target)
            for n, chunk in enumerate(chunks)
        ]
        outputs: list[str] = []
        for (translated, capped, scores, node), chunk in zip(_get(ray, refs), chunks, strict=True):
            outputs.extend(translated)
            with self._lock:
                self.cut_short.update(capped)
                self.scores.update(scores)
                self.sentences_by_node[self.cluster.node_name(node)] += len(chunk)
        return outputs

    def actor_pids(self) -> list[int]:
        """The actors' processes as they started (tests kill one)."""
        return list(self.cluster.pids)

    def close(self) -> None:
        """This run is done with the model; the last engine of the pool ends the actors."""
        self.cluster.users -= 1
        if self.cluster.users <= 0:
            self.cluster.close()
