#!/usr/bin/python3
"""Export small PyTorch MLPs to ONNX, with PyTorch's outputs on fixed inputs.

Run from the repository root with Debian's Python and packages:

    apt-get install -y python3-torch python3-onnx
    /usr/bin/python3 testdata/onnx/gen_torch.py

It writes, for each model NAME below, testdata/onnx/torch_NAME.onnx (made by
torch.onnx.export, opset 13, dynamic batch dimension) and
testdata/onnx/torch_NAME.json: the input, PyTorch's output on it, and, for a
float32 model, the output of the same model cast to float64 (its float32
weights and inputs are exact in float64), all as decimal numbers that parse
back to the same float64. Two more copies of models hold their weights in
float_data or double_data instead of raw_data (NAME_typed), as other
exporters write them, and one lists its initializers among the graph's
inputs, as before IR version 4 (keep_initializers_as_inputs).

Last it writes helper_xor_f64.onnx and helper_xor_f32.onnx: the models that
WriteONNX should write for a small network, built here field by field with
onnx.helper from the ONNX specification, so that the Go tests compare
WriteONNX's bytes with them.

The Go tests (onnx_test.go) read these files, so `go test` needs nothing but
Go. Everything is seeded: a rerun with the same PyTorch gives the same
numbers.
"""

import json
import os

import onnx
from onnx import helper, numpy_helper, TensorProto
import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


class MatMulAdd(nn.Module):
    """x·W + b written out, which torch exports as MatMul then Add (a Linear
    layer is exported as Gemm when it has biases, and as MatMul when not)."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.w = nn.Parameter(torch.randn(n_in, n_out) * 0.5)
        self.b = nn.Parameter(torch.randn(n_out) * 0.5)

    def forward(self, x):
        return torch.matmul(x, self.w) + self.b


def models():
    """(name, dtype, input shape without the batch, module builder)."""
    return [
        # Gemm with transB=1, ReLU, softmax over classes: a classifier.
        ("relu_softmax_f32", torch.float32, (4,),
         lambda: nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3), nn.Softmax(dim=1))),
        ("relu_softmax_f64", torch.float64, (4,),
         lambda: nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3), nn.Softmax(dim=-1))),
        # Tanh hidden layers, linear output: regression.
        ("tanh_f64", torch.float64, (3,),
         lambda: nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 5), nn.Tanh(), nn.Linear(5, 2))),
        ("tanh_f32", torch.float32, (3,),
         lambda: nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2))),
        # No biases: torch exports each Linear as a MatMul.
        ("sigmoid_nobias_f32", torch.float32, (3,),
         lambda: nn.Sequential(nn.Linear(3, 6, bias=False), nn.Sigmoid(), nn.Linear(6, 2, bias=False), nn.Sigmoid())),
        ("sigmoid_nobias_f64", torch.float64, (3,),
         lambda: nn.Sequential(nn.Linear(3, 6, bias=False), nn.Sigmoid(), nn.Linear(6, 1, bias=False), nn.Sigmoid())),
        # A layer with biases after one without; an nn.Identity between.
        ("mixed_identity_f64", torch.float64, (4,),
         lambda: nn.Sequential(nn.Linear(4, 6, bias=False), nn.Tanh(), nn.Identity(), nn.Linear(6, 3), nn.Identity(),
                               nn.Softmax(dim=1))),
        # A leading Flatten of 2×3 inputs.
        ("flatten_relu_f64", torch.float64, (2, 3),
         lambda: nn.Sequential(nn.Flatten(), nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 4), nn.Sigmoid())),
        ("flatten_relu_f32", torch.float32, (2, 3),
         lambda: nn.Sequential(nn.Flatten(), nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 4))),
        # MatMul + Add.
        ("matmul_add_f64", torch.float64, (3,),
         lambda: nn.Sequential(MatMulAdd(3, 4), nn.ReLU(), MatMulAdd(4, 2), nn.Softmax(dim=1))),
        ("matmul_add_f32", torch.float32, (3,),
         lambda: nn.Sequential(MatMulAdd(3, 4), nn.Sigmoid(), MatMulAdd(4, 2))),
    ]


def floats(t):
    """A tensor as nested lists of Python floats (exact for float32 and float64)."""
    return t.detach().to(torch.float64).tolist()


def write_json(name, out):
    out = dict(out, model="torch_" + name + ".onnx")
    with open(os.path.join(HERE, "torch_" + name + ".json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


def typed_copy(path, name):
    """Save the model at path with its initializers in float_data or
    double_data instead of raw_data, as torch_NAME_typed.onnx."""
    m = onnx.load(path)
    for k, t in enumerate(m.graph.initializer):
        a = numpy_helper.to_array(t)
        m.graph.initializer[k].CopyFrom(helper.make_tensor(t.name, t.data_type, a.shape, a.flatten().tolist(), raw=False))
    onnx.checker.check_model(m, full_check=True)
    onnx.save(m, os.path.join(HERE, "torch_" + name + "_typed.onnx"))


def main():
    for k, (name, dtype, shape, build) in enumerate(models()):
        torch.manual_seed(1000 + k)
        model = build().to(dtype).eval()
        x = torch.randn(5, *shape, dtype=dtype)
        path = os.path.join(HERE, "torch_" + name + ".onnx")
        torch.onnx.export(model, x, path, opset_version=13, input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
        onnx.checker.check_model(onnx.load(path), full_check=True)
        with torch.no_grad():
            out = {"torch": torch.__version__, "dtype": str(dtype),
                   "input": floats(x.reshape(5, -1)), "output": floats(model(x))}
            if name == "tanh_f32":
                torch.onnx.export(model, x, os.path.join(HERE, "torch_tanh_inputs_f32.onnx"), opset_version=13,
                                  input_names=["input"], output_names=["output"],
                                  dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
                                  keep_initializers_as_inputs=True)
            if dtype == torch.float32:
                out["output_float64"] = floats(model.to(torch.float64)(x.to(torch.float64)))
        write_json(name, out)
        if name in ("relu_softmax_f32", "tanh_f64"):
            typed_copy(path, name)
            write_json(name + "_typed", out)
        if name == "tanh_f32":
            write_json("tanh_inputs_f32", out)
        print("wrote", path, "and its .json:", " ".join(n.op_type for n in onnx.load(path).graph.node))
    helper_models()


def helper_models():
    """The models WriteONNX should write for the 2-2-1 XOR network of the
    package's ExampleLoad (ReLU hidden layer with biases, identity output
    without), built field by field as the ONNX specification and WriteONNX's
    documentation say: IR version 8, opset 13, the loss in metadata_props
    (written before the graph)."""
    w0 = np.array([[1, 1], [1, 1]])
    b0 = np.array([-1, 0])
    w1 = np.array([[-2], [1]])
    for elem, np_type, suffix, names in ((TensorProto.DOUBLE, np.float64, "f64", ("input", "output")),
                                         (TensorProto.FLOAT, np.float32, "f32", ("x", "y"))):
        inp, outp = names
        nodes = [
            helper.make_node("Gemm", [inp, "layer0.W", "layer0.B"], ["layer0.Z"], name="layer0/Gemm"),
            helper.make_node("Relu", ["layer0.Z"], ["layer0.A"], name="layer0/Relu"),
            helper.make_node("MatMul", ["layer0.A", "layer1.W"], ["layer1.Z"], name="layer1/MatMul"),
            helper.make_node("Identity", ["layer1.Z"], [outp], name="layer1/Identity"),
        ]
        inits = [numpy_helper.from_array(w0.astype(np_type), "layer0.W"),
                 numpy_helper.from_array(b0.astype(np_type), "layer0.B"),
                 numpy_helper.from_array(w1.astype(np_type), "layer1.W")]
        graph = helper.make_graph(nodes, "mlp", [helper.make_tensor_value_info(inp, elem, ["batch", 2])],
                                  [helper.make_tensor_value_info(outp, elem, ["batch", 1])], initializer=inits)
        model = helper.make_model(graph, producer_name="github.com/glassbox-go/mlp", ir_version=8,
                                  opset_imports=[helper.make_operatorsetid("", 13)])
        helper.set_model_props(model, {"github.com/glassbox-go/mlp/loss": "squared-error"})
        onnx.checker.check_model(model, full_check=True)
        # WriteONNX writes the metadata before the graph, so that a file cut
        # after it has no graph (protobuf serializes fields in number order
        # and has no end marker): two messages, concatenated, are one.
        head = onnx.ModelProto(ir_version=model.ir_version, producer_name=model.producer_name)
        head.metadata_props.extend(model.metadata_props)
        tail = onnx.ModelProto()
        tail.graph.CopyFrom(model.graph)
        tail.opset_import.extend(model.opset_import)
        data = head.SerializeToString() + tail.SerializeToString()
        if onnx.load_from_string(data) != model:
            raise SystemExit("the concatenated model differs from the model")
        path = os.path.join(HERE, "helper_xor_" + suffix + ".onnx")
        with open(path, "wb") as f:
            f.write(data)
        print("wrote", path)


if __name__ == "__main__":
    main()
