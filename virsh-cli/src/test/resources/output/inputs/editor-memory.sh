#!/bin/sh
sed -i "s/<memory unit=.KiB.>8388608/<memory unit='KiB'>4194304/" "$1"
