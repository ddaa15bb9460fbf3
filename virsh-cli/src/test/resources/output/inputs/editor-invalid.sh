#!/bin/sh
sed -i "s|<domain type|<domain bogus=\"1\" type|" "$1"
