"""Train tests/data/copy-marian: a tiny Marian model whose translation is its input.

With a model that copies, a test can prove that split -> mask -> translate -> restore -> join
loses nothing: any difference is the pipeline's fault, not the model's. The training text is
corpus words in random order with mask tokens (`[1]`, `[2]`, ... as protect.mask writes them)
glued to words or standing alone.

Run from the repository root (seeded; the result is not bit-identical across devices):

    python tests/data/make_copy_model.py [--device cuda] [--steps 5000] [--out DIR]

The committed model was trained with `--device cuda --steps 5000 --batch-size 128` in 115 s on
one H200; the loss is below 0.003 after 1,000 steps. On two CPU cores a step of 64 sentences
takes about 0.85 s, so `--steps 1500 --batch-size 64` is a ~20-minute CPU run. It prints the
exact-match accuracy on 300 held-out sentences (and writes it to training.json); the test suite
checks the copy again.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # the repository root: tests/ and i18n_pipeline/

from tests import modelfactory  # noqa: E402

SEED = 20261
HELD_OUT_SEED = 777


def train(
    out: Path, steps: int, batch_size: int, lr: float, device: str, max_minutes: float
) -> dict[str, float]:
    """Build the tokenizer and model, train the copy task, save, and return metrics."""
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    torch.manual_seed(SEED)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    vocab = modelfactory.build_marian_tokenizer(out, source="en", target="en", vocab_size=400)
    tokenizer = MarianTokenizer.from_pretrained(out)
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=128,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=256,
        decoder_ffn_dim=256,
        max_position_embeddings=256,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        max_length=256,
        num_beams=1,
        dropout=0.0,
        share_encoder_decoder_embeddings=True,
    )
    model = MarianMTModel(config).to(device)
    params = sum(p.numel() for p in model.parameters())
    print(f"parameters: {params:,}", flush=True)

    texts = modelfactory.copy_sentences(40_000, seed=SEED, max_words=30)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    warmup = max(steps // 20, 1)

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(steps - warmup, 1)))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    model.train()
    start = time.time()
    encoded = tokenizer(texts)["input_ids"]  # tokenized once: the copy's labels are the input
    for step in range(steps):
        rows = [encoded[(step * batch_size + i) % len(encoded)] for i in range(batch_size)]
        width = max(len(r) for r in rows)
        input_ids = torch.full((batch_size, width), pad, dtype=torch.long)
        for i, row in enumerate(rows):
            input_ids[i, : len(row)] = torch.tensor(row)
        attention_mask = (input_ids != pad).long()
        labels = input_ids.masked_fill(input_ids == pad, -100)
        loss = model(
            input_ids=input_ids.to(device),
            attention_mask=attention_mask.to(device),
            labels=labels.to(device),
        ).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        if step % 200 == 0 or step == steps - 1:
            print(f"step {step} loss {loss.item():.4f} {time.time() - start:.0f}s", flush=True)
        if time.time() - start > max_minutes * 60:
            print(f"stopped at step {step}: --max-minutes reached", flush=True)
            steps = step + 1
            break
    seconds = time.time() - start

    model = model.to("cpu").eval()
    model.generation_config.max_length = 256
    model.generation_config.num_beams = 1
    model.save_pretrained(out)
    held_out = modelfactory.copy_sentences(300, seed=HELD_OUT_SEED, max_words=30)
    accuracy = evaluate(model, tokenizer, held_out)
    metrics = {
        "parameters": params,
        "train_seconds": round(seconds, 1),
        "device": device,
        "steps": steps,
        "held_out_exact_match": accuracy,
        "held_out_sentences": len(held_out),
    }
    (out / "training.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    return metrics


def evaluate(model: object, tokenizer: object, texts: list[str]) -> float:
    """Greedy-decode `texts` in batches and return the share copied exactly."""
    import torch

    outputs: list[str] = []
    with torch.inference_mode():
        for i in range(0, len(texts), 32):
            chunk = texts[i : i + 32]
            batch = tokenizer(chunk, return_tensors="pt", padding=True)  # type: ignore[operator]
            generated = model.generate(**batch, max_new_tokens=200, num_beams=1)  # type: ignore[attr-defined]
            outputs += tokenizer.batch_decode(generated, skip_special_tokens=True)  # type: ignore[attr-defined]
    misses = [(t, o) for t, o in zip(texts, outputs, strict=True) if t != o]
    for text, output in misses[:10]:
        print(f"MISS {text!r}\n  -> {output!r}")
    return modelfactory.exact_match(outputs, texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "copy-marian")
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--max-minutes", type=float, default=30.0)
    args = parser.parse_args()
    metrics = train(args.out, args.steps, args.batch_size, args.lr, args.device, args.max_minutes)
    print(json.dumps(metrics, indent=2))


if __name__ == "__main__":
    main()
