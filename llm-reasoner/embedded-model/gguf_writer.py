"""A minimal GGUF (version 3) writer, written from the format description in ggml's docs/gguf.md: little-endian
header ("GGUF", version, tensor count, metadata count), typed key/value metadata, tensor infos (name, dimensions
innermost first, ggml type, offset into the data section), padding to the alignment, then the tensor data, each
tensor starting at a multiple of the alignment. Only what the embedded model needs: scalar, string and array
metadata, and F32 tensors."""
import struct

import numpy as np

GGUF_MAGIC = b"GGUF"
GGUF_VERSION = 3
ALIGNMENT = 32
# metadata value types
UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64 = 4, 5, 6, 7, 8, 9, 10
# tensor types
GGML_F32 = 0


def _str(s):
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def _value(vtype, v):
    if vtype == UINT32:
        return struct.pack("<I", v)
    if vtype == INT32:
        return struct.pack("<i", v)
    if vtype == FLOAT32:
        return struct.pack("<f", v)
    if vtype == BOOL:
        return struct.pack("<?", v)
    if vtype == STRING:
        return _str(v)
    if vtype == UINT64:
        return struct.pack("<Q", v)
    raise ValueError(f"unsupported metadata type {vtype}")


class GgufWriter:
    def __init__(self):
        self.kv = []        # (key, bytes of type + value)
        self.tensors = []   # (name, float32 ndarray)

    def add(self, key, vtype, value):
        self.kv.append((key, struct.pack("<I", vtype) + _value(vtype, value)))

    def add_array(self, key, etype, values):
        body = struct.pack("<IQ", etype, len(values)) + b"".join(_value(etype, v) for v in values)
        self.kv.append((key, struct.pack("<I", ARRAY) + body))

    def add_tensor(self, name, array):
        """array in PyTorch (row-major) shape; GGUF lists the dimensions innermost first."""
        self.tensors.append((name, np.ascontiguousarray(array, dtype=np.float32)))

    def write(self, path):
        header = GGUF_MAGIC + struct.pack("<IQQ", GGUF_VERSION, len(self.tensors), len(self.kv))
        meta = b"".join(_str(k) + v for k, v in self.kv)
        infos = b""
        offset = 0
        offsets = []
        for name, a in self.tensors:
            offsets.append(offset)
            dims = list(reversed(a.shape))
            infos += _str(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
            infos += struct.pack("<IQ", GGML_F32, offset)
            offset += _pad(a.nbytes)
        with open(path, "wb") as f:
            head = header + meta + infos
            f.write(head)
            f.write(b"\0" * (_pad(len(head)) - len(head)))
            for (name, a), off in zip(self.tensors, offsets):
                f.write(a.tobytes())
                f.write(b"\0" * (_pad(a.nbytes) - a.nbytes))


def _pad(n):
    return (n + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT
