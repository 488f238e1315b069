/**
 * Builds tiny ONNX segmentation models in memory, for the tests of the ONNX segmenter (and
 * usable by the benchmark). The model scores each pixel by how dark it is:
 *
 *   input "input" float32 [1, 3, H, W] → 1×1 Conv → Sigmoid → output "output" float32 [1, 1, H, W]
 *
 * The Conv weighs each normalised channel by -1 and adds no bias. On ImageNet-normalised input
 * a black pixel sums to +6.0 and a white one to -7.3 before the Sigmoid, so dark pixels score
 * near 1, white ones near 0, and grey 114 of 255 scores 0.5. Options make the deliberately
 * broken variants that the error tests need.
 *
 * The bytes are protobuf wire format written by the small encoder below, following the message
 * and field numbers of onnx/onnx.proto (ONNX IR version 8, opset 17, both accepted by
 * onnxruntime 1.31). tsunagu depends on no ONNX or protobuf package, and the few message types
 * used here do not justify adding one.
 */

/** IR version 8, first written by ONNX 1.10. */
const IR_VERSION = 8;
/** Version of the default-domain operator set (ONNX 1.12), which contains Conv and Sigmoid. */
const OPSET_VERSION = 17;
/** TensorProto.DataType FLOAT. */
const ELEM_FLOAT = 1;
/** AttributeProto.AttributeType INTS. */
const ATTRIBUTE_INTS = 7;

/** Wire types of the protobuf encoding. */
const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;

export interface TinyModelOptions {
  /**
   * Fixed input height and width in pixels. Omitted, the model declares symbolic dimensions
   * "height" and "width", so a caller must choose the size.
   */
  size?: { height: number; width: number };
  /** Channels of the Conv output. Anything but 1 gives a wrong output shape. Default 1. */
  outputChannels?: number;
  /** Ends with Sigmoid (probabilities) when true, with the raw Conv result (logits) when false. Default true. */
  sigmoid?: boolean;
  /** Weight of each normalised input channel in the Conv. Default -1. */
  channelWeight?: number;
  /** Bias of the Conv. Default 0. */
  bias?: number;
}

/** Appends protobuf fields to a growing byte list. Field values are written as they arrive. */
class ProtoWriter {
  private readonly bytes: number[] = [];

  /** Writes an unsigned varint, exact up to 2^53 - 1, more than any dimension or version here. */
  private varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.bytes.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.bytes.push(rest);
  }

  private key(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  int(field: number, value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`protobuf field ${field}: ${value} is not a non-negative integer`);
    this.key(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  bytesField(field: number, value: Uint8Array): this {
    this.key(field, WIRE_LENGTH_DELIMITED);
    this.varint(value.length);
    for (const byte of value) this.bytes.push(byte);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytesField(field, inner.finish());
  }

  /** Packed repeated float: one length-delimited field of little-endian float32 values. */
  packedFloats(field: number, values: readonly number[]): this {
    const data = new DataView(new ArrayBuffer(values.length * 4));
    values.forEach((value, index) => data.setFloat32(index * 4, value, true));
    return this.bytesField(field, new Uint8Array(data.buffer));
  }

  /** Packed repeated int64 of non-negative values: one length-delimited field of varints. */
  packedInts(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const value of values) inner.varint(value);
    return this.bytesField(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** A dimension: a number is fixed (dim_value), a string is symbolic (dim_param). */
type Dimension = number | string;

/** ValueInfoProto of a float tensor: name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1, shape 2. */
function writeFloatValueInfo(writer: ProtoWriter, name: string, dims: readonly Dimension[]): void {
  writer.string(1, name);
  writer.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, ELEM_FLOAT);
      tensor.message(2, (shape) => {
        for (const dim of dims) {
          shape.message(1, (dimension) => (typeof dim === 'number' ? dimension.int(1, dim) : dimension.string(2, dim)));
        }
      });
    }),
  );
}

/** TensorProto of float32 values: dims 1, data_type 2, float_data 4, name 8. */
function writeFloatTensor(writer: ProtoWriter, name: string, dims: readonly number[], values: readonly number[]): void {
  writer.packedInts(1, dims);
  writer.int(2, ELEM_FLOAT);
  writer.packedFloats(4, values);
  writer.string(8, name);
}

/** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
function writeNode(
  writer: ProtoWriter,
  node: { name: string; opType: string; inputs: string[]; outputs: string[]; intsAttributes?: Record<string, number[]> },
): void {
  for (const input of node.inputs) writer.string(1, input);
  for (const output of node.outputs) writer.string(2, output);
  writer.string(3, node.name);
  writer.string(4, node.opType);

  // AttributeProto: name 1, ints 8, type 20.
  for (const [name, values] of Object.entries(node.intsAttributes ?? {})) {
    writer.message(5, (attribute) => {
      attribute.string(1, name);
      for (const value of values) attribute.int(8, value);
      attribute.int(20, ATTRIBUTE_INTS);
    });
  }
}

/**
 * Builds the tiny darkness model described at the top of this file and returns the bytes of
 * its .onnx file.
 */
export function buildTinySegmentationModel(options: TinyModelOptions = {}): Uint8Array {
  const outputChannels = options.outputChannels ?? 1;
  const sigmoid = options.sigmoid ?? true;
  const channelWeight = options.channelWeight ?? -1;
  const bias = options.bias ?? 0;
  if (!Number.isInteger(outputChannels) || outputChannels < 1) throw new RangeError(`outputChannels must be a positive integer, got ${outputChannels}`);

  const height: Dimension = options.size?.height ?? 'height';
  const width: Dimension = options.size?.width ?? 'width';
  const convOutput = sigmoid ? 'logits' : 'output';

  const graph = (writer: ProtoWriter): void => {
    // GraphProto: node 1, name 2, initializer 5, input 11, output 12.
    writer.message(1, (node) =>
      writeNode(node, { name: 'score', opType: 'Conv', inputs: ['input', 'weight', 'bias'], outputs: [convOutput], intsAttributes: { kernel_shape: [1, 1] } }),
    );
    if (sigmoid) writer.message(1, (node) => writeNode(node, { name: 'squash', opType: 'Sigmoid', inputs: ['logits'], outputs: ['output'] }));
    writer.string(2, 'tiny-darkness-segmenter');

    writer.message(5, (tensor) => writeFloatTensor(tensor, 'weight', [outputChannels, 3, 1, 1], new Array<number>(outputChannels * 3).fill(channelWeight)));
    writer.message(5, (tensor) => writeFloatTensor(tensor, 'bias', [outputChannels], new Array<number>(outputChannels).fill(bias)));

    writer.message(11, (value) => writeFloatValueInfo(value, 'input', [1, 3, height, width]));
    writer.message(12, (value) => writeFloatValueInfo(value, 'output', [1, outputChannels, height, width]));
  };

  // ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8 (domain 1, version 2).
  const model = new ProtoWriter();
  model.int(1, IR_VERSION);
  model.string(2, 'tsunagu onnx-model-builder');
  model.message(7, graph);
  model.message(8, (opset) => opset.string(1, '').int(2, OPSET_VERSION));
  return model.finish();
}
