"""
The reference's way of computing a loss surface (tomgoldstein/loss-landscape,
plot_surface.py crunch + net_plotter.set_weights + evaluation.eval_loss),
written small, on a Landscape Lab reference export folder:

    model.py + state.h5   the network (torch/model.py's load())
    directions.h5         xdirection/<i>, ydirection/<i> in model.parameters() order
    surface.h5            xcoordinates, ycoordinates (the grid)
    eval_data.npz         images [N, C, H, W] float32, labels int64

For each point: p = w + (d0*x + d1*y) for every parameter in
model.parameters() order (float32, as set_weights computes it), then the mean
nn.CrossEntropyLoss and the accuracy (%) over the evaluation data in batches
of 128, in eval mode, under torch.no_grad().

    python3 reference_surface.py FOLDER [--points 0,12,24 | --sample N --seed S] [--threads T] [--batch 128]

Prints one JSON object: threads, evalImages, gridPoints, seconds (the points'
loop only), points [{index, x, y, loss, acc}]. Set OPENBLAS_NUM_THREADS /
OMP_NUM_THREADS to the thread count before starting it (Debian's torch spins
a second BLAS thread otherwise); --threads sets torch.set_num_threads.
"""
import argparse
import importlib.util
import json
import os
import sys
import time

import h5py
import numpy as np
import torch
import torch.nn as nn


def load_module(folder):
    spec = importlib.util.spec_from_file_location('lab_model', os.path.join(folder, 'torch', 'model.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_list(f, name):
    group = f[name]
    return [np.asarray(group[str(i)], dtype=np.float32) for i in range(len(group))]


def set_weights(net, weights, directions, step):
    """net_plotter.set_weights: p = w + (d0*x + d1*y) in model.parameters() order."""
    if len(directions) == 2:
        changes = [d0 * np.float32(step[0]) + d1 * np.float32(step[1]) for (d0, d1) in zip(*directions)]
    else:
        changes = [d * np.float32(step[0]) for d in directions[0]]
    for (p, w, d) in zip(net.parameters(), weights, changes):
        p.data = w + torch.from_numpy(d).type(w.dtype)


def eval_loss(net, criterion, batches):
    """evaluation.eval_loss: mean loss and accuracy in percent."""
    correct = 0
    total_loss = 0.0
    total = 0
    net.eval()
    with torch.no_grad():
        for inputs, targets in batches:
            n = inputs.size(0)
            total += n
            outputs = net(inputs)
            total_loss += criterion(outputs, targets).item() * n
            correct += outputs.max(1)[1].eq(targets).sum().item()
    return total_loss / total, 100.0 * correct / total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('folder')
    parser.add_argument('--points', default='')
    parser.add_argument('--sample', type=int, default=0)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--threads', type=int, default=0)
    parser.add_argument('--batch', type=int, default=128)
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    folder = args.folder

    net = load_module(folder).load(os.path.join(folder, 'torch', 'state.h5'))
    weights = [p.data.clone() for p in net.parameters()]
    with h5py.File(os.path.join(folder, 'directions.h5'), 'r') as f:
        directions = [read_list(f, 'xdirection')] + ([read_list(f, 'ydirection')] if 'ydirection' in f else [])
    if len(directions[0]) != len(weights):
        sys.exit('directions.h5 has %d tensors, the model %d parameters' % (len(directions[0]), len(weights)))
    with h5py.File(os.path.join(folder, 'surface.h5'), 'r') as f:
        xs = np.asarray(f['xcoordinates'])
        ys = np.asarray(f['ycoordinates']) if 'ycoordinates' in f else None
    data = np.load(os.path.join(folder, 'eval_data.npz'))
    images = torch.from_numpy(data['images'])
    labels = torch.from_numpy(data['labels'])
    batches = [(images[i:i + args.batch], labels[i:i + args.batch]) for i in range(0, len(labels), args.batch)]

    count = len(xs) * (len(ys) if ys is not None else 1)
    if args.points:
        indices = [int(i) for i in args.points.split(',')]
    elif args.sample > 0:
        indices = sorted(np.random.default_rng(args.seed).choice(count, size=min(args.sample, count), replace=False).tolist())
    else:
        indices = list(range(count))

    criterion = nn.CrossEntropyLoss()
    results = []
    start = time.perf_counter()
    for index in indices:
        x = float(xs[index % len(xs)])
        y = float(ys[index // len(xs)]) if ys is not None else 0.0
        set_weights(net, weights, directions, [x, y] if ys is not None else [x])
        loss, acc = eval_loss(net, criterion, batches)
        results.append({'index': index, 'x': x, 'y': y, 'loss': loss, 'acc': acc})
    seconds = time.perf_counter() - start
    print(json.dumps({'threads': torch.get_num_threads(), 'evalImages': int(len(labels)), 'gridPoints': count, 'seconds': seconds, 'points': results}))


if __name__ == '__main__':
    main()
