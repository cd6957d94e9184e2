/**
 * Coordinates and places: conversion of GCJ-02/BD-09 (and other CRSs) to WGS84, and which township a
 * point lies in (indexed point-in-polygon). Longitude first, as in GeoJSON.
 */
export * from './crs.js';
export * from './township-locator.js';
export * from './township-of.js';
export * from './projections.js';
