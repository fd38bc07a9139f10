"""A tiny Argos Translate package, built offline in a second or two.

A SentencePiece model trained on a few lines and a one-layer CTranslate2
Transformer whose weights are set by hand so that it *copies* its input piece
by piece (cross-attention from decoder position t to source position t), with
optional piece substitutions (`remap`) to make it translate a little, or to
make it lose a glossary placeholder on purpose. Every other weight is small
random noise. Deterministic output is what lets the tests assert on the real
install-and-translate path; the shapes and file layout are those of a real
package (metadata.json, model/, sentencepiece.model, zipped as .argosmodel).

Used by tests/test_mt.py and benchmarks/bench_mt.py.
"""

from __future__ import annotations

import io
import json
import string
import zipfile
from pathlib import Path

MAX_POSITIONS = 512

# Lines that give the tokenizer every letter, digit and punctuation sign the
# tests feed it (an unknown character would come back as <unk>).
ALPHABET_LINES = [
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
    string.ascii_lowercase,
    string.ascii_uppercase,
    "àâäçéèêëîïôöùûüÿœæ ÀÂÇÉÈÊÎÔÙÛŒ",
    "0123456789 , . ; : ! ? ( ) « » - – — ' ’ \" / % № +",
]


def train_sentencepiece(lines: list[str], out_dir: Path, vocab_size: int = 1000,
                        symbols: list[str] = ()) -> Path:
    """A unigram model; `symbols` become pieces of their own (user-defined)."""
    import sentencepiece as spm

    corpus = out_dir / "sp_train.txt"
    corpus.write_text("\n".join(ALPHABET_LINES + lines) + "\n", encoding="utf-8")
    prefix = out_dir / "sentencepiece"
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=vocab_size, hard_vocab_limit=False,
        character_coverage=1.0, model_type="unigram", bos_id=1, eos_id=2, unk_id=0, pad_id=-1,
        num_threads=1, minloglevel=2, user_defined_symbols=list(symbols),
    )
    corpus.unlink()
    return prefix.with_suffix(".model")


def _pieces(sp_model: Path) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def _codes(rng, n: int, d: int):
    import numpy as np

    c = rng.standard_normal((n, d)).astype(np.float32)
    return c / np.linalg.norm(c, axis=1, keepdims=True)


def build_copy_model(vocab: list[str], out_dir: Path, remap: dict[str, str] | None = None,
                     seed: int = 0, token_dims: int = 32, position_dims: int = 32) -> None:
    """A CTranslate2 Transformer that outputs its input pieces, `remap`ped.

    The model dimension is split in two: a random unit code per token, then a
    random unit code per position (learned position encodings). The encoder
    passes its input through (zeroed sub-layers; RMS norm keeps directions); the
    decoder's queries carry only their position, so cross-attention at step t
    picks source position t, and its values bring that source token's code back,
    which the output projection reads. Sources end with </s> (add_source_eos),
    so the copy stops by itself. Small, so that per-call overhead, not
    arithmetic, is what a benchmark of batching measures."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    V, P, dt = len(vocab), MAX_POSITIONS, token_dims
    D = token_dims + position_dims
    index = {p: i for i, p in enumerate(vocab)}
    tok = _codes(rng, V, dt)
    pos = _codes(rng, P, position_dims)

    def noise(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 1e-4).astype(np.float32)

    def zeros(*shape: int) -> np.ndarray:
        return np.zeros(shape, dtype=np.float32)

    spec = transformer_spec.TransformerSpec.from_config(1, 1, rms_norm=True)
    spec.config.add_source_eos = True
    ones = np.ones(D, dtype=np.float32)
    enc_embeddings = zeros(V, D)
    enc_embeddings[:, :dt] = tok
    positions = zeros(P, D)
    positions[:, dt:] = pos

    enc = spec.encoder
    enc.scale_embeddings = False
    enc.embeddings[0].weight = enc_embeddings
    enc.position_encodings.encodings = positions
    enc.layer_norm.gamma = ones
    layer = enc.layer[0]
    layer.self_attention.layer_norm.gamma = ones
    layer.self_attention.linear[0].weight = noise(3 * D, D)
    layer.self_attention.linear[1].weight = zeros(D, D)  # adds nothing to the residual
    layer.ffn.layer_norm.gamma = ones
    layer.ffn.linear_0.weight = noise(16, D)
    layer.ffn.linear_1.weight = zeros(D, 16)

    dec = spec.decoder
    dec.scale_embeddings = False
    dec.embeddings.weight = noise(V, D)  # what was emitted does not matter
    dec.position_encodings.encodings = positions
    dec.layer_norm.gamma = ones
    layer = dec.layer[0]
    layer.self_attention.layer_norm.gamma = ones
    layer.self_attention.linear[0].weight = noise(3 * D, D)
    layer.self_attention.linear[1].weight = zeros(D, D)
    layer.attention.layer_norm.gamma = ones
    q = zeros(D, D)
    q[dt:, dt:] = 10.0 * np.eye(position_dims)  # query: my position, sharpened
    kv = zeros(2 * D, D)
    kv[dt:D, dt:] = np.eye(position_dims)  # key: the source position
    kv[D:D + dt, :dt] = np.eye(dt)  # value: the source token's code
    layer.attention.linear[0].weight = q
    layer.attention.linear[1].weight = kv
    layer.attention.linear[2].weight = 8.0 * np.eye(D, dtype=np.float32)
    layer.ffn.layer_norm.gamma = ones
    layer.ffn.linear_0.weight = noise(16, D)
    layer.ffn.linear_1.weight = zeros(D, 16)

    proj = noise(V, D)
    out_of = np.arange(V)
    for i, piece in enumerate(vocab):
        out_of[i] = index.get((remap or {}).get(piece, piece), i)
    proj[:, :dt] = 0.0
    for i in range(V):  # output token j reads the codes of the tokens it stands for
        proj[out_of[i], :dt] += 3.0 * tok[i]
    dec.projection.weight = proj

    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.save(str(out_dir))


def resolve_remap(vocab: list[str], remap: dict[str, str] | None) -> dict[str, str]:
    """Words of `remap` as pieces: '▁word' when the tokenizer has it, else the piece itself."""
    pieces = set(vocab)
    out = {}
    for a, b in (remap or {}).items():
        a = "▁" + a if "▁" + a in pieces else a
        b = "▁" + b if "▁" + b in pieces else b
        if a not in pieces or b not in pieces:
            raise ValueError(f"remap {a!r} -> {b!r}: not single pieces of the tokenizer")
        out[a] = b
    return out


def expected_output(sp_model: Path, text: str, *remaps: dict[str, str]) -> str:
    """What a chain of copy packages with these remaps outputs for `text`: per
    stage, the pieces, remapped, decoded as argostranslate decodes them."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    vocab = _pieces(sp_model)
    for remap in remaps:
        r = resolve_remap(vocab, remap)
        pieces = [r.get(p, p) for p in sp.encode(text, out_type=str)]
        text = sp.decode_pieces(pieces).replace("▁", " ").replace("_", " ")
        text = text[1:] if text.startswith(" ") else text
    return text


def build_package(out: Path, lines: list[str], from_code: str = "ru", to_code: str = "fr",
                  version: str = "1.0", remap: dict[str, str] | None = None,
                  folder: str | None = None, sp_model: Path | None = None) -> Path:
    """Write `out` (.argosmodel): a zip holding one folder with metadata.json,
    sentencepiece.model and model/. `remap` maps pieces (or whole words, which
    are looked up as '▁word') to the pieces the model should emit instead."""
    work = out.parent / (out.stem + ".build")
    work.mkdir(parents=True, exist_ok=True)
    sp_path = sp_model or train_sentencepiece(lines, work)
    vocab = _pieces(sp_path)
    model_dir = work / "model"
    model_dir.mkdir(exist_ok=True)
    build_copy_model(vocab, model_dir, resolve_remap(vocab, remap))
    metadata = {
        "package_version": version, "argos_version": "1.9", "from_code": from_code,
        "from_name": from_code, "to_code": to_code, "to_name": to_code, "type": "translate",
    }
    top = folder or f"tiny_{from_code}_{to_code}"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{top}/", "")
        z.writestr(f"{top}/metadata.json", json.dumps(metadata))
        z.write(sp_path, f"{top}/sentencepiece.model")
        z.writestr(f"{top}/model/", "")
        for f in sorted(model_dir.iterdir()):
            z.write(f, f"{top}/model/{f.name}")
    out.write_bytes(buf.getvalue())
    return out
