#!/bin/sh
sed -i "s|</name>|</nam>|" "$1"
