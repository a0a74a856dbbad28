"""The embedded model's tokenizer: sentencepiece-style pieces with byte fallback, tokenized exactly like llama.cpp's
SPM ("llama") tokenizer so that the GGUF file reproduces it.

Vocabulary: 0 <unk>, 1 <s>, 2 </s>, 3..258 the byte tokens <0x00>..<0xFF>, then single characters, then pieces
learned by byte-pair merging on the exported prompts and answers. Spaces are written as U+2581 ("▁") inside pieces,
as in sentencepiece. A piece's score is minus its merge rank, so llama.cpp merges the earliest-learned pairs first.
Tokenization (encode) is llama.cpp's algorithm (llm_tokenizer_spm_session), re-implemented here: start from UTF-8
characters, repeatedly merge the adjacent pair whose concatenation is a vocabulary piece with the highest score
(ties: leftmost), then map each symbol to its piece or, if it is not one, to its UTF-8 bytes. No piece contains a
newline except the newline itself, so lines tokenize independently (which makes a per-line cache exact).
Digits never merge (numbers and evidence ids are written digit by digit).
"""
import heapq
import json
import re
from collections import Counter, defaultdict

SPACE = "\u2581"
UNK, BOS, EOS = 0, 1, 2
N_BYTES = 256
FIRST_PIECE = 3 + N_BYTES
TYPE_NORMAL, TYPE_UNKNOWN, TYPE_CONTROL, TYPE_BYTE = 1, 2, 3, 6
MAX_PIECE_CHARS = 32
# chunk boundaries used only while learning merges (never while tokenizing): before a JSON key or string item
DIGIT = re.compile(r"[0-9]")
CHUNK = re.compile(r'(?<=[,\[{])(?=")')


class Tokenizer:
    def __init__(self, pieces, scores):
        """pieces: the learned/character pieces in id order starting at FIRST_PIECE; scores: their scores."""
        self.pieces = list(pieces)
        self.scores = list(scores)
        self.tokens = ["<unk>", "<s>", "</s>"] + ["<0x%02X>" % b for b in range(N_BYTES)] + self.pieces
        self.all_scores = [0.0, 0.0, 0.0] + [0.0] * N_BYTES + self.scores
        self.types = [TYPE_UNKNOWN, TYPE_CONTROL, TYPE_CONTROL] + [TYPE_BYTE] * N_BYTES + [TYPE_NORMAL] * len(self.pieces)
        # llama.cpp's text_to_token looks up every token's text (control and byte tokens included)
        self.lookup = {t: i for i, t in enumerate(self.tokens)}
        self._line_cache = {}

    # ---- persistence ----
    def save(self, path):
        with open(path, "w", encoding="utf-8") as f:
            json.dump({"pieces": self.pieces, "scores": self.scores}, f, ensure_ascii=False)

    @staticmethod
    def load(path):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        return Tokenizer(d["pieces"], d["scores"])

    def __len__(self):
        return len(self.tokens)

    # ---- llama.cpp SPM tokenization ----
    def encode(self, text):
        out = []
        lines = text.split("\n")
        nl = self._encode_line("\n")
        for i, line in enumerate(lines):
            if i > 0:
                out.extend(nl)
            if line:
                ids = self._line_cache.get(line)
                if ids is None:
                    ids = self._encode_line(line)
                    if len(self._line_cache) < 200000:
                        self._line_cache[line] = ids
                out.extend(ids)
        return out

    def _encode_line(self, text):
        text = text.replace(" ", SPACE)
        syms = list(text)                   # symbol texts (UTF-8 characters to start)
        nbytes = [len(s.encode("utf-8")) for s in syms]
        n = len(syms)
        prev = list(range(-1, n - 1))
        nxt = list(range(1, n + 1))
        nxt[-1] = -1
        heap = []
        rev = {}

        def try_add(left, right):
            if left == -1 or right == -1:
                return
            t = syms[left] + syms[right]
            tok = self.lookup.get(t)
            if tok is None:
                return
            size = nbytes[left] + nbytes[right]
            # std::priority_queue: highest score first, then the smaller left index
            heapq.heappush(heap, (-self.all_scores[tok], left, right, size, t))
            rev[t] = (syms[left], syms[right])

        for i in range(1, n):
            try_add(i - 1, i)
        while heap:
            _, left, right, size, t = heapq.heappop(heap)
            if nbytes[left] == 0 or nbytes[right] == 0 or nbytes[left] + nbytes[right] != size:
                continue
            syms[left] = syms[left] + syms[right]
            nbytes[left] += nbytes[right]
            nbytes[right] = 0
            nxt[left] = nxt[right]
            if nxt[right] >= 0:
                prev[nxt[right]] = left
            try_add(prev[left], left)
            try_add(left, nxt[left])
        out = []
        i = 0
        while i != -1:
            self._resegment(syms[i], rev, out)
            i = nxt[i]
        return out

    def _resegment(self, text, rev, out):
        tok = self.lookup.get(text)
        if tok is not None:
            out.append(tok)
            return
        parts = rev.get(text)
        if parts is not None:
            self._resegment(parts[0], rev, out)
            self._resegment(parts[1], rev, out)
            return
        for b in text.encode("utf-8"):
            out.append(3 + b)

    def decode(self, ids):
        buf = bytearray()
        for i in ids:
            if i < 3:
                continue
            if i < FIRST_PIECE:
                buf.append(i - 3)
            else:
                buf.extend(self.tokens[i].replace(SPACE, " ").encode("utf-8"))
        return buf.decode("utf-8", errors="replace")


def train(texts, vocab_size, min_char_count=2):
    """Learns pieces from texts: characters seen at least min_char_count times, then byte-pair merges."""
    chunks = Counter()
    chars = Counter()
    for text in texts:
        for line in text.replace(" ", SPACE).split("\n"):
            for c in CHUNK.split(line):
                if c:
                    chunks[c] += 1
    for c, f in chunks.items():
        for ch in c:
            chars[ch] += f
    base = sorted(ch for ch, f in chars.items() if f >= min_char_count)
    if "\n" not in base:
        base.append("\n")
    base_set = set(base)

    def mergeable(a, b):
        # digits stay single tokens: numbers, scores and evidence ids (E12) are copied digit by digit
        return a in vocab and b in vocab and not DIGIT.search(a) and not DIGIT.search(b)
    vocab = set(base)
    words = []
    freqs = []
    for c, f in chunks.items():
        words.append([ch for ch in c])
        freqs.append(f)
    pair_counts = Counter()
    where = defaultdict(set)
    for wi, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            if mergeable(a, b):
                pair_counts[(a, b)] += freqs[wi]
                where[(a, b)].add(wi)
    n_merges = vocab_size - FIRST_PIECE - len(base)
    merges = []
    heap = [(-c, p) for p, c in pair_counts.items()]
    heapq.heapify(heap)
    while len(merges) < n_merges and heap:
        negc, pair = heapq.heappop(heap)
        if pair_counts.get(pair, 0) != -negc or -negc < 2:
            if pair_counts.get(pair, 0) >= 2 and pair_counts[pair] != -negc:
                heapq.heappush(heap, (-pair_counts[pair], pair))
            continue
        a, b = pair
        new = a + b
        if len(new) > MAX_PIECE_CHARS or new in vocab:
            pair_counts[pair] = 0
            continue
        merges.append(new)
        vocab.add(new)
        changed = Counter()
        for wi in list(where.pop(pair, ())):
            w = words[wi]
            f = freqs[wi]
            i = 0
            out = []
            while i < len(w):
                if i + 1 < len(w) and w[i] == a and w[i + 1] == b:
                    out.append(new)
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            for x, y in zip(w, w[1:]):
                if mergeable(x, y):
                    pair_counts[(x, y)] -= f
                    changed[(x, y)] += 0
            for x, y in zip(out, out[1:]):
                if mergeable(x, y):
                    pair_counts[(x, y)] += f
                    where[(x, y)].add(wi)
                    changed[(x, y)] += 0
            words[wi] = out
        pair_counts[pair] = 0
        for p in changed:
            if pair_counts[p] >= 2:
                heapq.heappush(heap, (-pair_counts[p], p))
    pieces = base + merges
    scores = [0.0] * len(base) + [-(i + 1.0) for i in range(len(merges))]
    # single characters score below every merge; merges by rank
    scores = [-1e6] * len(base) + scores[len(base):]
    return Tokenizer(pieces, scores)
