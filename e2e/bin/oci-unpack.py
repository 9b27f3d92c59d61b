#!/usr/bin/env python3
"""Unpacks an OCI image tarball (jib:buildTar, format OCI) the way a container runtime prepares a
root filesystem: the manifest's layers in order, each applied over the ones before it, honouring
whiteouts (`.wh.NAME` removes NAME of lower layers, `.wh..wh..opq` empties its directory first).

Usage: oci-unpack.py IMAGE.tar DEST
Writes DEST/rootfs and DEST/config.json (the image's config: Entrypoint, Cmd, Env, User, WorkingDir)
and prints the manifest digest. Entries that would land outside DEST/rootfs, device files and
set-uid bits are refused (tarfile's "data" checks), as an untrusted image's would be.
"""
import json
import os
import shutil
import sys
import tarfile

OPAQUE = ".wh..wh..opq"


def blob(outer, digest):
    algo, hexdigest = digest.split(":", 1)
    return outer.extractfile(f"blobs/{algo}/{hexdigest}")


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def keep_mode(member, dest):
    """tarfile's "data" checks (no path or link outside dest, no devices), but the image's own modes:
    that filter would drop group/other write bits, and a world-writable /tmp is part of the image."""
    return tarfile.data_filter(member, dest).replace(mode=member.mode & 0o1777, deep=False)


def apply_layer(layer, rootfs):
    members = layer.getmembers()
    # Whiteouts apply to the layers below, so they go first: a layer may remove a path and add it again.
    for m in members:
        parent, name = os.path.split(m.name)
        if name == OPAQUE:
            target = os.path.join(rootfs, parent)
            if os.path.isdir(target):
                for child in os.listdir(target):
                    remove(os.path.join(target, child))
        elif name.startswith(".wh."):
            remove(os.path.join(rootfs, parent, name[len(".wh."):]))
    for m in members:
        if os.path.basename(m.name).startswith(".wh."):
            continue
        target = os.path.join(rootfs, m.name)
        # A file or link replaces whatever a lower layer had there (never written through a symlink).
        if not m.isdir() and os.path.lexists(target):
            remove(target)
        layer.extract(m, rootfs, filter=keep_mode, numeric_owner=True)


def main():
    image, dest = sys.argv[1], sys.argv[2]
    rootfs = os.path.join(dest, "rootfs")
    remove(rootfs)
    os.makedirs(rootfs)
    with tarfile.open(image) as outer:
        index = json.load(outer.extractfile("index.json"))
        manifests = index["manifests"]
        if len(manifests) != 1:
            sys.exit(f"oci-unpack: {image} holds {len(manifests)} manifests, want 1")
        manifest_digest = manifests[0]["digest"]
        manifest = json.load(blob(outer, manifest_digest))
        config = json.load(blob(outer, manifest["config"]["digest"]))
        for entry in manifest["layers"]:
            with tarfile.open(fileobj=blob(outer, entry["digest"]), mode="r:*") as layer:
                apply_layer(layer, rootfs)
    with open(os.path.join(dest, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    print(manifest_digest)


main()
