/**
 * Coordinates and places: conversion of GCJ-02/BD-09 (and other CRSs) to WGS84, which township a
 * point lies in (indexed point-in-polygon), and a county's outline for maps of many counties. Longitude
 * first, as in GeoJSON.
 */
export * from './crs.js';
export * from './township-locator.js';
export * from './township-of.js';
export * from './projections.js';
export * from './raster-population.js';
export * from './outline.js';
